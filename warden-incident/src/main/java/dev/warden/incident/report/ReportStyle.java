package dev.warden.incident.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one style sheet of the post-mortem and the status page, inlined, and the Content-Security-Policy that admits it
 * by hash and nothing else: no script, image, font, frame or connection. The page carries the policy in a
 * {@code <meta>} element so that it holds when the file is opened from disk; a served page sends
 * {@link #HTTP_POLICY} as a header too.
 */
final class ReportStyle {
    static final String CSS = load();
    /** For the page's {@code <meta http-equiv>}, which cannot carry {@code frame-ancestors}. */
    static final String META_POLICY =
            "default-src 'none'; style-src '" + sha256(CSS) + "'; base-uri 'none'; form-action 'none'";

    static final String HTTP_POLICY = META_POLICY + "; frame-ancestors 'none'";

    private ReportStyle() {}

    private static String load() {
        try (InputStream in = ReportStyle.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
