package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.audit.AuditUnavailableException;
import dev.warden.device.CredentialStore;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.Qos;
import dev.warden.pki.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail closed, for real: while the trail cannot record (its checkpoints cannot be signed, or its table refuses rows)
 * every mutating admin call is refused before it runs and nothing changes, {@code /health} answers 503 on both ports,
 * devices still connect and publish; once the fault is gone the trail recovers by itself, the device connects of the
 * outage are in it, and it verifies.
 */
class AuditFailClosedIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}]}""";

    @TempDir
    Path dir;

    @AfterAll
    static void removeSigner() {
        FailingAuditSigner.uninstall();
    }

    @Test
    void signingFailure() throws Exception {
        FailingAuditSigner.install();
        var probe = java.security.Signature.getInstance("SHA256withECDSA");
        probe.initSign(dev.warden.pki.CsrBuilder.generateDeviceKey(dev.warden.pki.KeyType.EC_P256)
                .getPrivate());
        assertThat(probe.getProvider().getName()).isEqualTo("WardenTestFailingAuditSigner");
        outage(
                harness -> {
                    FailingAuditSigner.fail(true);
                    // The next checkpoint falls due now rather than in a minute: it cannot be signed.
                    org.assertj.core.api.Assertions.assertThatThrownBy(
                                    () -> harness.node.audit().log().flushAndSign())
                            .isInstanceOf(AuditUnavailableException.class);
                },
                harness -> FailingAuditSigner.fail(false));
    }

    @Test
    void storageFailure() throws Exception {
        outage(
                harness -> sql(
                        harness,
                        "CREATE TRIGGER disk_full BEFORE INSERT ON audit_events "
                                + "BEGIN SELECT RAISE(ABORT, 'disk full'); END"),
                harness -> sql(harness, "DROP TRIGGER disk_full"));
    }

    /** Through a connection of its own, as an operator or a failing disk would. */
    private static void sql(NodeHarness harness, String statement) {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + harness.dataDir.resolve("warden.db"));
                var s = c.createStatement()) {
            s.execute(statement);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Fault {
        void apply(NodeHarness harness) throws Exception;
    }

    private void outage(Fault breakIt, Fault repair) throws Exception {
        Path data = dir.resolve("data");
        try (NodeHarness harness = new NodeHarness(data, null)) {
            assertThat(harness.cli(
                                    "device",
                                    "enroll",
                                    "dev-1",
                                    "--out",
                                    dir.resolve("dev-1").toString())
                            .exitCode())
                    .isZero();
            KmsEndToEndIT.Api api = new KmsEndToEndIT.Api(harness);
            breakIt.apply(harness);

            for (int i = 0; i < 3; i++) {
                assertRefused(api, "x" + i);
            }
            assertDegradedFor(harness, api, 2_500);
            assertNothingCreated(harness);
            int connects = connectAndPublish(harness, 3);
            assertDegradedFor(harness, api, 500);
            assertRefused(api, "y");
            assertNothingCreated(harness);

            repair.apply(harness);
            awaitHealthy(harness, api, 10_000);
            assertThat(api.post("/policies", Map.of("name", "after", "document", POLICY))
                            .statusCode())
                    .isEqualTo(201);
            harness.node.audit().log().flushAndSign();
            long recorded = harness.node
                    .database()
                    .read(h -> h.createQuery(
                                    "SELECT COUNT(*) FROM audit_events WHERE action = 'iot:Connect' AND principal_id = 'dev-1'")
                            .mapTo(Long.class)
                            .one());
            assertThat(recorded)
                    .as("device connects of the outage in the trail")
                    .isGreaterThanOrEqualTo(connects);
        }
        NodeHarness.CliResult verify = Cli.run(List.of("audit", "verify", "--data", data.toString()));
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    }

    private static void assertRefused(KmsEndToEndIT.Api api, String suffix) throws Exception {
        List<HttpResponse<String>> responses = List.of(
                api.post("/things", Map.of("name", "t-" + suffix, "csr", csr("t-" + suffix))),
                api.post("/policies", Map.of("name", "p-" + suffix, "document", POLICY)),
                api.send("PUT", "/secrets/s-" + suffix, Map.of("value", "v")));
        for (HttpResponse<String> r : responses) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(KmsEndToEndIT.Api.code(r)).isEqualTo("AUDIT_UNAVAILABLE");
        }
    }

    private static void assertNothingCreated(NodeHarness harness) {
        long created = harness.node
                .database()
                .read(h -> h.createQuery(
                                "SELECT (SELECT COUNT(*) FROM things WHERE name "
                                        + "LIKE 't-%') + (SELECT COUNT(*) FROM policies WHERE name LIKE 'p-%') + (SELECT COUNT(*) FROM kms_secrets "
                                        + "WHERE name LIKE 's-%') + (SELECT COUNT(*) FROM certificates WHERE thing_name LIKE 't-%')")
                        .mapTo(Long.class)
                        .one());
        assertThat(created).as("changes made while the trail could not record").isZero();
    }

    /** Both ports answer 503 AUDIT_UNAVAILABLE, and keep answering so (no flapping back to 200) for {@code millis}. */
    private static void assertDegradedFor(NodeHarness harness, KmsEndToEndIT.Api api, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        do {
            for (HttpResponse<String> health : List.of(api.send("GET", "/health", null), publicHealth(harness))) {
                assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
                JsonNode body = JSON.readTree(health.body());
                assertThat(body.path("status").asText()).isEqualTo("degraded");
                assertThat(body.path("reason").asText()).isEqualTo("AUDIT_UNAVAILABLE");
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
    }

    private static void awaitHealthy(NodeHarness harness, KmsEndToEndIT.Api api, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (publicHealth(harness).statusCode() == 200
                    && api.send("GET", "/health", null).statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the trail did not recover within " + millis + " ms: "
                + harness.node.audit().log().unhealthyReason());
    }

    private static HttpResponse<String> publicHealth(NodeHarness harness) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(harness.publicUrl() + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** Connects the device {@code times} times, publishing once each; returns the number of connects. */
    private int connectAndPublish(NodeHarness harness, int times) throws Exception {
        DeviceCredentials credentials =
                CredentialStore.open(dir.resolve("dev-1"), "dev-1").load();
        X509Certificate root = Pem.parseCertificate(Files.readString(harness.dataDir.resolve("pki/root.crt")));
        for (int i = 0; i < times; i++) {
            try (DeviceClient client = DeviceClient.connect(
                    credentials,
                    DeviceClientConfig.of("localhost", harness.node.mqttPort()).withTrustedRoot(root))) {
                client.publishTelemetry("21.5".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                        .get(10, TimeUnit.SECONDS);
            }
        }
        return times;
    }

    private static String csr(String name) {
        var key = dev.warden.pki.CsrBuilder.generateDeviceKey(dev.warden.pki.KeyType.EC_P256);
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(dev.warden.pki.CsrBuilder.buildCsrDer(key, name))
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }
}
