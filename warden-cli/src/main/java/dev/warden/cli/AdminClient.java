package dev.warden.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.node.NodeLayout;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    /** The region the calls are for (the node forwards them there); null for the node's own. */
    private final String inRegion;

    private AdminClient(URI base, String token, SSLContext tls) {
        this(base, token, tls, null);
    }

    private AdminClient(URI base, String token, SSLContext tls, String inRegion) {
        this.base = base;
        this.token = token;
        this.inRegion = inRegion;
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
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
                throw new CliException(
                        "a client certificate needs both --cert and --key (or WARDEN_CLIENT_CERT and WARDEN_CLIENT_KEY)");
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
            return new AdminClient(
                    baseUrl(options, config),
                    null,
                    TlsSettings.clientContext(trustAnchors(caFile, config), key, chain),
                    options.inRegion());
        }
        String token = options.tokenFile() != null ? read(options.tokenFile()).trim() : System.getenv("WARDEN_TOKEN");
        if (token != null && token.isBlank()) {
            // An empty credential must never mean admin: typically WARDEN_TOKEN=$(a command that failed).
            throw new CliException((options.tokenFile() != null
                            ? "the token file " + options.tokenFile() + " is empty"
                            : "WARDEN_TOKEN is set but empty")
                    + "; refusing to fall back to the bootstrap admin credential"
                    + " (unset WARDEN_TOKEN to use it, or set a valid token)");
        }
        if (token == null) {
            Path file = layout.adminCredential();
            if (!Files.isReadable(file)) {
                throw new CliException(
                        "no admin credential: set WARDEN_TOKEN or point --data at the node's data directory");
            }
            token = read(file).trim();
        }
        return new AdminClient(
                baseUrl(options, config),
                token,
                TlsSettings.clientContext(trustAnchors(null, config), null, null),
                options.inRegion());
    }

    /** A client for device-side calls over mTLS (or with no client certificate when key is null). */
    public static AdminClient device(NodeOptions options, Path caFile, PrivateKey key, List<X509Certificate> chain) {
        WardenConfig config = options.config();
        return new AdminClient(
                baseUrl(options, config), null, TlsSettings.clientContext(trustAnchors(caFile, config), key, chain));
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

    /**
     * Sends {@code fields} as a JSON object with one more field, {@code base64Field}, holding the bytes of
     * {@code file} in base64: streamed from the file as the request is sent (never held whole in memory, never
     * decoded as text), with its exact Content-Length.
     */
    public JsonNode sendFile(String method, String path, Map<String, ?> fields, String base64Field, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        byte[] prefix;
        try {
            String object = JSON.writeValueAsString(fields);
            prefix = (object.substring(0, object.length() - 1) + (fields.isEmpty() ? "" : ",")
                            + JSON.writeValueAsString(base64Field) + ":\"")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliException("cannot write the request: " + e.getMessage());
        }
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        long length = prefix.length + 4 * ((size + 2) / 3) + suffix.length;
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new SequenceInputStream(java.util.Collections.enumeration(List.of(
                                new ByteArrayInputStream(prefix),
                                new Base64EncodingInputStream(Files.newInputStream(file)),
                                new ByteArrayInputStream(suffix))));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }),
                length);
        return exchange(
                request(path, Map.of())
                        .header("Content-Type", "application/json")
                        .method(method, publisher),
                HttpResponse.BodyHandlers.ofString(),
                AdminClient::json);
    }

    /** POSTs the bytes of {@code file} as the request body, as they are (an image, not JSON), streamed from the file. */
    public JsonNode upload(String path, Path file) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new CliException("cannot read " + file + ": no such file");
        }
        return exchange(
                request(path, Map.of())
                        .header("Content-Type", "application/octet-stream")
                        .POST(body),
                HttpResponse.BodyHandlers.ofString(),
                AdminClient::json);
    }

    /**
     * A call whose answer holds one base64 field, {@code base64Field}: its bytes are decoded as the answer streams in
     * and written to {@code sink} (never held whole in memory, never decoded as text). Returns the answer's other
     * fields; fails when the field is missing.
     */
    public JsonNode receiveFile(String method, String path, Object body, String base64Field, OutputStream sink) {
        HttpRequest.Builder request = request(path, Map.of());
        withBody(request, method, body);
        return exchange(request, HttpResponse.BodyHandlers.ofInputStream(), response -> {
            if (response.statusCode() >= 400) {
                try (InputStream in = response.body()) {
                    return json(new String(in.readAllBytes(), StandardCharsets.UTF_8), response.statusCode());
                }
            }
            // The parser is made only for a success: it reads ahead to detect the encoding.
            try (InputStream in = response.body();
                    JsonParser parser = JSON.getFactory().createParser(in)) {
                ObjectNode rest = JSON.createObjectNode();
                boolean found = false;
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new CliException("unexpected answer from " + base + path);
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.getCurrentName();
                    JsonToken value = parser.nextToken();
                    if (name.equals(base64Field) && value == JsonToken.VALUE_STRING) {
                        parser.readBinaryValue(sink);
                        found = true;
                    } else {
                        rest.set(name, JSON.readTree(parser));
                    }
                }
                if (!found) {
                    throw new CliException("no '" + base64Field + "' in the answer of " + base + path);
                }
                sink.flush();
                return rest;
            }
        });
    }

    /** A GET whose answer is a document, not JSON (a report): its bytes are copied to {@code sink} as they come. */
    public void download(String path, OutputStream sink) {
        exchange(request(path, Map.of()).GET(), HttpResponse.BodyHandlers.ofInputStream(), response -> {
            try (InputStream in = response.body()) {
                if (response.statusCode() >= 400) {
                    return json(new String(in.readAllBytes(), StandardCharsets.UTF_8), response.statusCode());
                }
                in.transferTo(sink);
                sink.flush();
                return JSON.createObjectNode();
            }
        });
    }

    private JsonNode send(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, headers);
        withBody(request, method, body);
        return exchange(request, HttpResponse.BodyHandlers.ofString(), AdminClient::json);
    }

    private HttpRequest.Builder request(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (inRegion != null) {
            request.header("X-Warden-Region", inRegion);
        }
        headers.forEach(request::header);
        return request;
    }

    private static void withBody(HttpRequest.Builder request, String method, Object body) {
        if (body != null) {
            try {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CliException("cannot write the request: " + e.getMessage());
            }
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
    }

    /** The answer as JSON; an error status becomes a CliException with the API's code and message. */
    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return json(response.body(), response.statusCode());
    }

    private static JsonNode json(String body, int status) throws IOException {
        JsonNode json;
        try {
            json = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (status < 400) {
                throw e;
            }
            json = JSON.createObjectNode();
        }
        if (status >= 400) {
            JsonNode error = json.path("error");
            throw new CliException(error.path("code").asText("HTTP_" + status) + ": "
                    + error.path("message").asText(body));
        }
        return json;
    }

    private interface Answer<T> {
        JsonNode read(HttpResponse<T> response) throws IOException;
    }

    private <T> JsonNode exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, Answer<T> answer) {
        try {
            return answer.read(http.send(request.build(), handler));
        } catch (java.io.UncheckedIOException e) {
            throw new CliException(
                    "request to " + base + " failed: " + e.getCause().getMessage());
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
