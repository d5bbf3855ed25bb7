package dev.warden.console.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The console's checks of a state-changing request, before any decision: it comes from the console's own origin,
 * and it carries the session's anti-CSRF token. Each fails closed: a missing header or token is a refusal.
 */
public final class RequestChecks {
    private RequestChecks() {}

    /**
     * Whether a request came from {@code expectedOrigin} ({@code https://host:port}). Browsers send {@code Origin}
     * with every POST; without it, the {@code Referer}'s origin must match instead; with neither, it did not.
     */
    public static boolean sameOrigin(String origin, String referer, String expectedOrigin) {
        if (expectedOrigin == null) {
            return false;
        }
        if (origin != null) {
            return !origin.equals("null") && normalize(origin).equals(normalize(expectedOrigin));
        }
        if (referer == null) {
            return false;
        }
        try {
            URI uri = URI.create(referer);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return false;
            }
            return normalize(uri.getScheme() + "://" + uri.getRawAuthority()).equals(normalize(expectedOrigin));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** Constant-time comparison of the session's token with the one the form sent; either missing refuses. */
    public static boolean tokenMatches(String expected, String presented) {
        if (expected == null || presented == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String normalize(String origin) {
        String lower = origin.toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
