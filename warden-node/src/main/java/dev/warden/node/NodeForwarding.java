package dev.warden.node;

import dev.warden.region.forward.ForwardKey;
import dev.warden.region.forward.ForwardedRequest;
import dev.warden.region.forward.ForwardedResponse;
import dev.warden.region.forward.LocalAdmin;
import dev.warden.registry.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Runs a request forwarded from another region through this node's own admin listener, as any request: the caller's
 * token authenticated here, the route's action decided with this region's IAM, the call audited; marked with this
 * node's {@link ForwardKey} so that the admin API takes the origin region as {@code warden:RequestedRegion}. Only
 * the forwarded request's method, path, query, token, address, media type and body are passed on.
 */
final class NodeForwarding implements LocalAdmin {
    private static final Duration TIMEOUT = Duration.ofSeconds(50);

    private final String host;
    private final IntSupplier adminPort;
    private final ForwardKey key;
    private final HttpClient http;

    NodeForwarding(String host, IntSupplier adminPort, X509Certificate root, ForwardKey key) {
        this.host = host;
        this.adminPort = adminPort;
        this.key = key;
        this.http = HttpClient.newBuilder()
                .sslContext(TlsSettings.clientContext(List.of(root), null, null))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public ForwardedResponse execute(String originRegion, ForwardedRequest request) {
        URI uri = URI.create("https://" + host + ":" + adminPort.getAsInt() + request.path()
                + (request.query().isEmpty() ? "" : "?" + request.query()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + request.token())
                .header("X-Warden-Forwarded-From", originRegion)
                .header("X-Warden-Forward-Key", key.value())
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (!request.sourceIp().isEmpty()) {
            builder.header("X-Warden-Forwarded-For", request.sourceIp());
        }
        if (!request.mediaType().isEmpty()) {
            builder.header("Content-Type", request.mediaType());
        }
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ForwardedResponse(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            return new ForwardedResponse(502, "application/json", error("the forwarded request failed here"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ForwardedResponse(503, "application/json", error("interrupted"));
        }
    }

    private static byte[] error(String message) {
        // The API's error shape ({"error": {"code", "message"}}), so that clients read it as any refusal.
        return ("{\"error\":{\"code\":\"FORWARD_FAILED\",\"message\":\"" + message + "\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
