package dev.warden.region.core;

import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A one-time token that lets one region join a deployment. Besides its secret it carries what the joining node needs
 * to reach the control region without trusting anything else: the control region's name, its link URL and the
 * SHA-256 fingerprint of its root certificate, against which the joining node checks the link's TLS certificate. The
 * control region stores only the secret's SHA-256 hash. {@link #toString()} never shows the secret.
 */
public record JoinToken(String controlRegion, String linkUrl, String rootFingerprint, String secret) {
    private static final String PREFIX = "wjt1.";
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    public JoinToken {
        if (!RegionNode.isRegionName(controlRegion)) {
            throw malformed("the control region's name");
        }
        if (linkUrl == null
                || !linkUrl.startsWith("https://")
                || URI.create(linkUrl).getHost() == null) {
            throw malformed("the control region's link URL (https://host:port)");
        }
        if (rootFingerprint == null || !FINGERPRINT.matcher(rootFingerprint).matches()) {
            throw malformed("the root certificate's fingerprint");
        }
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw malformed("the secret");
        }
    }

    /** A new token with 256 random bits of secret. */
    public static JoinToken create(String controlRegion, String linkUrl, String rootFingerprint, SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new JoinToken(
                controlRegion,
                linkUrl,
                rootFingerprint,
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token as the operator passes it on: {@code wjt1.<base64url>}. */
    public String encode() {
        String fields = String.join("\n", controlRegion, linkUrl, rootFingerprint, secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(fields.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a token; any defect is {@link RegionReason#JOIN_TOKEN_MALFORMED}, with no part of the input echoed. */
    public static JoinToken decode(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 2048) {
            throw malformed("the prefix wjt1.");
        }
        String fields;
        try {
            fields =
                    new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed("base64url after wjt1.");
        }
        String[] parts = fields.split("\n", -1);
        if (parts.length != 4) {
            throw malformed("four fields");
        }
        try {
            return new JoinToken(parts[0], parts[1], parts[2], parts[3]);
        } catch (IllegalArgumentException e) {
            throw malformed("the control region's link URL");
        }
    }

    /** What the control region stores instead of the secret. */
    public String secretHash() {
        return hash(secret);
    }

    /** SHA-256 of a secret, in hex. */
    public static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "JoinToken{controlRegion=" + controlRegion + ", linkUrl=" + linkUrl + ", secret=(hidden)}";
    }

    private static RegionException malformed(String what) {
        return new RegionException(RegionReason.JOIN_TOKEN_MALFORMED, "not a Warden join token: expected " + what);
    }
}
