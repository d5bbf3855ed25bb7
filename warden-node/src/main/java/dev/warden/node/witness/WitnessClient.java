package dev.warden.node.witness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** HTTPS calls to the witness's admin API with the configured bearer credential (which is never logged). */
final class WitnessClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    private WitnessClient(String baseUrl, String token, HttpClient http) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = http;
    }

    /** A witness's answer: its status and JSON body (missing when not JSON). */
    record Response(int status, JsonNode body) {
        /** The error code of a refusal, e.g. WITNESS_STALE. */
        String code() {
            return body.path("error").path("code").asText("HTTP_" + status);
        }
    }

    /** Thrown when the witness could not be reached or answered nothing usable. */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reads the credential and the CA once; {@code ownRoot} is trusted when no CA file is configured. */
    static WitnessClient open(WardenConfig.Witness witness, Path ownRoot) {
        String token = read(witness.tokenFile()).trim();
        if (token.isEmpty()) {
            throw new IllegalStateException("the witness credential file " + witness.tokenFile() + " is empty");
        }
        List<X509Certificate> certs = Pem.parseCertificates(read(witness.ca() != null ? witness.ca() : ownRoot));
        // The top of the chain (the root): intermediates come from the witness's TLS handshake.
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .sslContext(TlsSettings.clientContext(List.of(certs.get(certs.size() - 1)), null, null))
                .build();
        return new WitnessClient(witness.url(), token, http);
    }

    Response get(String path) throws Unreachable {
        return send(request(path).GET().build());
    }

    Response post(String path, JsonNode body) throws Unreachable {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token);
    }

    private Response send(HttpRequest request) throws Unreachable {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
            } catch (IOException e) {
                body = MissingNode.getInstance();
            }
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            throw new Unreachable(
                    "the witness at " + baseUrl + " is unreachable: "
                            + e.getClass().getSimpleName(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
