package dev.warden.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.warden.gateway.ServerCredentials;
import dev.warden.pki.CsrParser;
import dev.warden.pki.Pem;
import dev.warden.pki.PkiException;
import dev.warden.pki.ValidatedCsr;
import dev.warden.testkit.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A small real HTTPS endpoint with the Warden node's provisioning contract (JDK HttpsServer, warden-ca server
 * certificate, optional client certificates verified against the test root):
 * {@code POST /provisioning/templates/{template}/provision} (claim certificate or {@code X-Warden-Enrollment-Token})
 * and {@code POST /provisioning/rotate} (mTLS with the current device certificate), answering 201 with
 * {@code certificatePem}, {@code chainPem}, {@code serial}, {@code thingName}, or
 * {@code {"error": {"code", "message", "requestId"}}}. Template {@code sensors} accepts thing names {@code sensor-*}.
 */
final class FakeNode implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the node saw of one request. */
    record Seen(String path, String body, ValidatedCsr csr, X509Certificate clientCertificate, String token) {}

    final List<Seen> requests = new CopyOnWriteArrayList<>();
    final Set<String> tokens = ConcurrentHashMap.newKeySet();
    final Set<String> claimSerials = ConcurrentHashMap.newKeySet();
    private final Map<String, String> deviceSerials = new ConcurrentHashMap<>();
    private final TestCa ca;
    private final HttpsServer server;

    FakeNode(TestCa ca, ServerCredentials tls) {
        this.ca = ca;
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            SSLContext context = serverContext(tls);
            server.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = context.getDefaultSSLParameters();
                    parameters.setWantClientAuth(true);
                    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                    params.setSSLParameters(parameters);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/provisioning/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI uri() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    /** Registers {@code credentials} as a device certificate that may rotate. */
    void registerDevice(DeviceCredentials credentials) {
        deviceSerials.put(credentials.serialHex(), credentials.thingName());
    }

    long count(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            X509Certificate client = clientCertificate((HttpsExchange) exchange);
            String token = exchange.getRequestHeaders().getFirst(Provisioner.TOKEN_HEADER);
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "METHOD_NOT_ALLOWED", "POST only", requestId);
                return;
            }
            JsonNode json = JSON.readTree(body);
            ValidatedCsr csr;
            try {
                csr = CsrParser.parse(json.path("csr").asText("").getBytes(StandardCharsets.US_ASCII));
            } catch (PkiException e) {
                requests.add(new Seen(path, body, null, client, token));
                error(exchange, 400, "CSR_INVALID", e.getMessage(), requestId);
                return;
            }
            requests.add(new Seen(path, body, csr, client, token));
            if (path.equals("/provisioning/rotate")) {
                rotate(exchange, client, csr, requestId);
            } else if (path.matches("/provisioning/templates/[^/]+/provision")) {
                provision(exchange, path.split("/")[3], json, client, token, csr, requestId);
            } else {
                error(exchange, 404, "NOT_FOUND", "no route", requestId);
            }
        }
    }

    private void provision(
            HttpExchange exchange,
            String template,
            JsonNode json,
            X509Certificate client,
            String token,
            ValidatedCsr csr,
            String requestId)
            throws IOException {
        boolean claimOk =
                client != null && claimSerials.contains(client.getSerialNumber().toString(16));
        boolean tokenOk = token != null && tokens.contains(token);
        if (!claimOk && !tokenOk) {
            error(
                    exchange,
                    401,
                    "UNAUTHORIZED",
                    "provisioning needs a claim certificate (mTLS) or " + "X-Warden-Enrollment-Token",
                    requestId);
            return;
        }
        if (!template.equals("sensors")) {
            error(exchange, 404, "UNKNOWN_TEMPLATE", "no template named '" + template + "'", requestId);
            return;
        }
        String thing = json.path("parameters").path("ThingName").asText("");
        if (!thing.startsWith("sensor-")) {
            error(exchange, 400, "THING_NAME_NOT_ALLOWED", "thing name does not match sensor-*", requestId);
            return;
        }
        issued(exchange, thing, csr);
    }

    private void rotate(HttpExchange exchange, X509Certificate client, ValidatedCsr csr, String requestId)
            throws IOException {
        String thing = client == null
                ? null
                : deviceSerials.get(client.getSerialNumber().toString(16));
        if (thing == null) {
            error(exchange, 401, "UNAUTHORIZED", "this endpoint needs a client certificate (mTLS)", requestId);
            return;
        }
        if (Arrays.equals(client.getPublicKey().getEncoded(), csr.publicKey().getEncoded())) {
            error(exchange, 400, "KEY_REUSED", "rotation needs a new key pair, not the current one", requestId);
            return;
        }
        issued(exchange, thing, csr);
    }

    private void issued(HttpExchange exchange, String thing, ValidatedCsr csr) throws IOException {
        X509Certificate cert = ca.deviceCertificate(thing, csr.publicKey(), Duration.ofDays(1));
        deviceSerials.put(cert.getSerialNumber().toString(16), thing);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("serial", cert.getSerialNumber().toString(16));
        view.put("status", "ACTIVE");
        view.put("thingName", thing);
        view.put("certificatePem", Pem.encode(cert));
        view.put("chainPem", Pem.encode(ca.caChain()));
        respond(exchange, 201, view);
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String requestId)
            throws IOException {
        respond(exchange, status, Map.of("error", Map.of("code", code, "message", message, "requestId", requestId)));
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static X509Certificate clientCertificate(HttpsExchange exchange) {
        try {
            Certificate[] chain = exchange.getSSLSession().getPeerCertificates();
            return chain.length > 0 ? (X509Certificate) chain[0] : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private SSLContext serverContext(ServerCredentials tls) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", tls.privateKey(), new char[0], tls.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), DeviceTls.trustOnly(ca.root()).getTrustManagers(), new SecureRandom());
        return context;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
