package dev.warden.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.DeviceTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

/**
 * The few admin API calls the harness needs, over HTTPS trusting only the node's root. The bearer token is held here
 * and never printed: error messages carry the status and the API's error code only.
 */
final class WardenAdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http;

    WardenAdminClient(int adminPort, String token, X509Certificate root) {
        this.base = URI.create("https://127.0.0.1:" + adminPort);
        this.token = token;
        this.http = HttpClient.newBuilder()
                .sslContext(DeviceTls.context(root, null))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** {@code POST /things}: creates the thing and issues a certificate for the CSR. */
    JsonNode enroll(String name, String csrPem, String policy) {
        Map<String, Object> body = policy == null
                ? Map.of("name", name, "csr", csrPem)
                : Map.of("name", name, "csr", csrPem, "policy", policy);
        return post("/things", body);
    }

    void createPolicy(String name, String document) {
        post("/policies", Map.of("name", name, "document", document));
    }

    void attachPolicy(String policy, String thing) {
        post("/policies/" + policy + "/attach", Map.of("thing", thing));
    }

    void revoke(String serial) {
        post("/certificates/" + serial + "/revoke", Map.of("reason", "keyCompromise"));
    }

    /**
     * {@code GET /monitor/alarms?QUERY}: the {@code alarms} array of the answer. {@code query} is already encoded, e.g.
     * {@code thing=dev-00001&behaviour=message-flood}.
     */
    JsonNode alarms(String query) {
        return send("GET", "/monitor/alarms?" + query, HttpRequest.BodyPublishers.noBody())
                .path("alarms");
    }

    private JsonNode post(String path, Object body) {
        try {
            return send("POST", path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed: " + e.getMessage(), e);
        }
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, body)
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(method + " " + path + " -> HTTP " + response.statusCode() + " "
                        + json.path("error").path("code").asText("?"));
            }
            return json;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
