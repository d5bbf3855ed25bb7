package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.Pem;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.NodeLayout;
import dev.warden.registry.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The CLI's HTTPS client for the admin API. It trusts the node through Warden's own root CA (never by turning
 * verification off), finds the node from {@code --server}, {@code WARDEN_SERVER} or the data directory, and its
 * credential from a service-account certificate ({@code --cert}/{@code --key}), {@code --token-file},
 * {@code WARDEN_TOKEN} or {@code DATA/admin-credential}.
 */
public final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http;

    private AdminClient(URI base, String token, SSLContext tls) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * A client for admin calls: needs a credential. A service-account certificate (--cert/--key or WARDEN_CLIENT_CERT
     * and WARDEN_CLIENT_KEY) is used instead of any token; giving it together with --token-file is an error, since
     * the server would use the token and the certificate would be silently ignored.
     */
    public static AdminClient admin(NodeOptions options) {
        WardenConfig config = options.config();
        NodeLayout layout = new NodeLayout(config.dataDir());
        Path certFile = options.clientCertificate();
        Path keyFile = options.clientKey();
        if (certFile != null || keyFile != null) {
            if (certFile == null || keyFile == null) {
                throw new CliException("a client certificate needs both --cert and --key (or WARDEN_CLIENT_CERT and WARDEN_CLIENT_KEY)");
            }
            if (options.tokenFile() != null) {
                throw new CliException("give either --token-file or --cert/--key, not both");
            }
            List<X509Certificate> chain = Pem.parseCertificates(read(certFile));
            if (chain.isEmpty()) {
                throw new CliException("no certificate in " + certFile);
            }
            PrivateKey key = Pem.parsePrivateKey(read(keyFile));
            // An application away from the node trusts it through the ca-chain.pem written next to its certificate.
            Path sibling = certFile.toAbsolutePath().resolveSibling("ca-chain.pem");
            Path caFile = !Files.isReadable(layout.rootCertificate()) && Files.isReadable(sibling) ? sibling : null;
            return new AdminClient(baseUrl(options, config), null,
                    TlsSettings.clientContext(trustAnchors(caFile, config), key, chain));
        }
        String token = options.tokenFile() != null ? read(options.tokenFile()).trim() : System.getenv("WARDEN_TOKEN");
        if (token != null && token.isBlank()) {
            // An empty credential must never mean admin: typically WARDEN_TOKEN=$(a command that failed).
            throw new CliException((options.tokenFile() != null ? "the token file " + options.tokenFile() + " is empty"
                    : "WARDEN_TOKEN is set but empty") + "; refusing to fall back to the bootstrap admin credential"
                    + " (unset WARDEN_TOKEN to use it, or set a valid token)");
        }
        if (token == null) {
            Path file = layout.adminCredential();
            if (!Files.isReadable(file)) {
                throw new CliException("no admin credential: set WARDEN_TOKEN or point --data at the node's data directory");
            }
            token = read(file).trim();
        }
        return new AdminClient(baseUrl(options, config), token, TlsSettings.clientContext(trustAnchors(null, config), null, null));
    }

    /** A client for device-side calls over mTLS (or with no client certificate when key is null). */
    public static AdminClient device(NodeOptions options, Path caFile, PrivateKey key, List<X509Certificate> chain) {
        WardenConfig config = options.config();
        return new AdminClient(baseUrl(options, config), null, TlsSettings.clientContext(trustAnchors(caFile, config), key, chain));
    }

    private static URI baseUrl(NodeOptions options, WardenConfig config) {
        String server = options.server();
        if (server == null) {
            Path endpoints = new NodeLayout(config.dataDir()).endpointsFile();
            if (Files.isReadable(endpoints)) {
                try {
                    server = JSON.readTree(endpoints.toFile()).path("admin").asText(null);
                } catch (IOException e) {
                    server = null;
                }
            }
        }
        if (server == null) {
            server = "https://localhost:" + config.adminPort();
        }
        return URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
    }

    private static List<X509Certificate> trustAnchors(Path caFile, WardenConfig config) {
        Path file = caFile != null ? caFile : new NodeLayout(config.dataDir()).rootCertificate();
        if (!Files.isReadable(file)) {
            throw new CliException("cannot read the Warden CA certificate at " + file
                    + " (point --data at the node's data directory, or pass --ca-file)");
        }
        List<X509Certificate> certs = Pem.parseCertificates(read(file));
        // Trust the top of the given chain (the root); intermediates come from the server.
        return List.of(certs.get(certs.size() - 1));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    public JsonNode get(String path) {
        return send("GET", path, null, Map.of());
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    public JsonNode post(String path, Object body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    private JsonNode send(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                JsonNode error = json.path("error");
                throw new CliException(error.path("code").asText("HTTP_" + response.statusCode()) + ": "
                        + error.path("message").asText(response.body()));
            }
            return json;
        } catch (javax.net.ssl.SSLException e) {
            throw new CliException("TLS with " + base + " failed: " + e.getMessage());
        } catch (java.net.ConnectException e) {
            throw new CliException("cannot reach " + base + " (is `warden server` running?)");
        } catch (IOException e) {
            throw new CliException("request to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
