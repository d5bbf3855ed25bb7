package dev.warden.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admin clients calling a node in parallel with mutating calls (a thing with its certificate, a policy, a secret
 * value), each with a fresh name, until the node goes away. What the node acknowledged (2xx) is kept.
 */
final class CrashLoopClients {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "cl-";
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}]}""";

    /** What a call creates: its kind names the IAM action whose events must name it. */
    enum Kind {
        THING("warden:CreateThing"),
        POLICY("iam:CreatePolicy"),
        SECRET("secrets:PutSecretValue");

        final String action;

        Kind(String action) {
            this.action = action;
        }
    }

    record Change(Kind kind, String name) {}

    final Set<Change> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicInteger attempted = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts {@code count} client threads against the node; names carry the cycle so they never repeat. */
    void start(NodeProcess node, Path data, int cycle, int count) throws Exception {
        X509Certificate root = Pem.parseCertificate(Files.readString(data.resolve("pki/root.crt")));
        String token = Files.readString(data.resolve("admin-credential")).trim();
        stop.set(false);
        threads.clear();
        for (int t = 0; t < count; t++) {
            String namePrefix = PREFIX + cycle + "-" + t + "-";
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .sslContext(TlsSettings.clientContext(List.of(root), null, null))
                    .build();
            Thread thread = new Thread(() -> loop(http, node.adminUrl(), token, namePrefix), "crash-client-" + t);
            thread.start();
            threads.add(thread);
        }
    }

    /** Waits until a call of this run was acknowledged, so that the kill falls among running calls. */
    boolean awaitAcknowledged(int before) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (acknowledged.size() <= before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return acknowledged.size() > before;
    }

    /** Stops the clients (after the node died, their calls fail anyway) and waits for them. */
    void stopAndJoin() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    private void loop(HttpClient http, String base, String token, String namePrefix) {
        for (int i = 0; !stop.get(); i++) {
            Change change = new Change(Kind.values()[i % Kind.values().length], namePrefix + i);
            attempted.incrementAndGet();
            try {
                int status = send(http, base, token, change);
                if (status / 100 == 2) {
                    acknowledged.add(change);
                } else {
                    refused.incrementAndGet();
                }
            } catch (Exception unknownOutcome) {
                // A timeout under load, or the node was killed while the call was in flight: the outcome is unknown
                // to the client, which goes on until told to stop.
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int send(HttpClient http, String base, String token, Change change) throws Exception {
        String path;
        String method = "POST";
        Map<String, Object> body;
        switch (change.kind()) {
            case THING -> {
                path = "/things";
                body = Map.of("name", change.name(), "csr", csr(change.name()));
            }
            case POLICY -> {
                path = "/policies";
                body = Map.of("name", change.name(), "document", POLICY);
            }
            default -> {
                path = "/secrets/" + change.name();
                method = "PUT";
                body = Map.of("value", "value of " + change.name());
            }
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String csr(String name) {
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(CsrBuilder.buildCsrDer(key, name))
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }
}
