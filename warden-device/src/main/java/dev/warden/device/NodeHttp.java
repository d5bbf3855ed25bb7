package dev.warden.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * One JSON POST to the node's HTTPS API, trusting only the pinned Warden root, with failures mapped to
 * {@link DeviceErrorReason}s. Request headers (which may carry an enrollment token) are never logged or quoted.
 */
final class NodeHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final java.util.List<X509Certificate> roots;
    private final Duration timeout;
    private volatile HttpClient anonymous;

    NodeHttp(URI base, X509Certificate root, Duration timeout) {
        this(base, java.util.List.of(root), timeout);
    }

    /** Trusting any of {@code roots}: discovery may be asked of any region of the deployment. */
    NodeHttp(URI base, java.util.List<X509Certificate> roots, Duration timeout) {
        this.base = base;
        this.roots = java.util.List.copyOf(roots);
        this.timeout = timeout;
    }

    URI base() {
        return base;
    }

    /** POSTs {@code body}; returns the JSON answer of a 2xx response. */
    JsonNode post(String path, Object body, Map<String, String> headers, KeyManagerFactory clientIdentity) {
        try {
            return send(
                    path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)), headers, clientIdentity);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the request body cannot be written as JSON", e);
        }
    }

    /** GETs {@code path} as {@code clientIdentity}; returns the JSON answer of a 2xx response. */
    JsonNode get(String path, KeyManagerFactory clientIdentity) {
        return send(path, null, Map.of(), clientIdentity);
    }

    private JsonNode send(
            String path, HttpRequest.BodyPublisher body, Map<String, String> headers, KeyManagerFactory identity) {
        HttpClient http = identity == null ? anonymousClient() : client(identity);
        URI uri = base.resolve(path);
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json").POST(body);
            }
            headers.forEach(request::header);
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new DeviceException(DeviceErrorReason.TIMEOUT, "no answer from " + uri + " within " + timeout, e);
        } catch (IOException e) {
            throw mapTransportFailure(uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceErrorReason.CONNECTION_FAILED, "interrupted while calling " + uri, e);
        }
        return answer(uri, response);
    }

    /** Token calls share one client (and its connection pool), e.g. when a simulator provisions a whole fleet. */
    private HttpClient anonymousClient() {
        HttpClient http = anonymous;
        if (http == null) {
            http = client(null);
            anonymous = http;
        }
        return http;
    }

    /** A client per identity: a TLS session must never be resumed under another certificate. */
    private HttpClient client(KeyManagerFactory identity) {
        SSLContext tls = DeviceTls.context(roots, identity);
        return HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(DeviceTls.clientParameters(tls))
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static JsonNode answer(URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status >= 200 && status < 300) {
            if (json == null || !json.isObject()) {
                throw new DeviceException(
                        DeviceErrorReason.PROVISIONING_FAILED, uri + " answered " + status + " without a JSON object");
            }
            return json;
        }
        JsonNode error = json == null ? null : json.path("error");
        String code = error == null ? "HTTP_" + status : error.path("code").asText("HTTP_" + status);
        String message = error == null ? "" : error.path("message").asText("");
        String requestId = error == null || error.path("requestId").isMissingNode()
                ? null
                : error.path("requestId").asText(null);
        if (status >= 400 && status < 500) {
            throw new ProvisioningRejectedException(status, code, message, requestId);
        }
        throw new DeviceException(
                DeviceErrorReason.PROVISIONING_FAILED,
                uri + " failed with HTTP " + status + " " + code
                        + (requestId == null ? "" : " (request " + requestId + ")"));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static DeviceException mapTransportFailure(URI uri, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new DeviceException(
                        DeviceErrorReason.TLS_FAILED, "TLS with " + uri + " failed: " + t.getMessage(), e);
            }
            if (t instanceof ConnectException) {
                return new DeviceException(DeviceErrorReason.CONNECTION_FAILED, "cannot reach " + uri, e);
            }
        }
        return new DeviceException(DeviceErrorReason.CONNECTION_FAILED, "request to " + uri + " failed: " + e, e);
    }
}
