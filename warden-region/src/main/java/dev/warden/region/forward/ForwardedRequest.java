package dev.warden.region.forward;

import java.util.Objects;

/**
 * An admin request as it crosses a region link: what the home region needs to run it as if made there, and nothing
 * else (no cookie, no other header).
 *
 * @param query    the raw query string, empty for none
 * @param token    the caller's bearer token: the home region authenticates it itself
 * @param sourceIp the address the caller reached the forwarding region from (for {@code aws:SourceIp} and the trail)
 */
public record ForwardedRequest(
        String method, String path, String query, String token, String sourceIp, String mediaType, byte[] body) {
    public ForwardedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        Objects.requireNonNull(token, "token");
        sourceIp = sourceIp == null ? "" : sourceIp;
        mediaType = mediaType == null ? "" : mediaType;
        body = body == null ? new byte[0] : body;
    }

    @Override
    public String toString() {
        // Never the token or the body.
        return "ForwardedRequest[" + method + " " + path + "]";
    }
}
