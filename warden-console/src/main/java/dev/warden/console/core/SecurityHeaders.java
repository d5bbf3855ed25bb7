package dev.warden.console.core;

import java.util.Map;

/**
 * The headers on every console response. The policy allows scripts, styles and requests from the node's own origin
 * only: no inline script or style, no eval, no framing, no plug-ins, forms posted only back to the node.
 */
public final class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /**
     * Header name to value. {@code Referrer-Policy: same-origin} and not {@code no-referrer}: under the latter a
     * browser sends {@code Origin: null} with a form post, and the console could not tell its own posts from a
     * forger's. {@code Cache-Control: no-store} keeps pages with fleet data out of caches.
     */
    public static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "X-Frame-Options", "DENY",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()",
            "Cache-Control", "no-store");

    private SecurityHeaders() {}
}
