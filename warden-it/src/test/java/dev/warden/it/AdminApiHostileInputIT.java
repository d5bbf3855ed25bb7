package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.testkit.Processes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets a precise 4xx with a stable code, nothing is persisted, and the node keeps serving. The admin API
 * is never open and speaks only TLS 1.2/1.3 with AEAD suites.
 */
@Tag("openssl")
class AdminApiHostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static NodeHarness harness;
    static HttpClient https;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        harness = new NodeHarness(dir.resolve("data"), null);
        X509Certificate root = Pem.parseCertificate(Files.readString(dir.resolve("data/pki/root.crt")));
        https = HttpClient.newBuilder()
                .sslContext(TlsSettings.clientContext(List.of(root), null, null))
                .build();
        token = Files.readString(dir.resolve("data/admin-credential")).trim();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static HttpResponse<String> call(String method, String path, byte[] body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(harness.adminUrl() + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String code(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error").path("code").asText();
    }

    static byte[] enrollBody(String name, String csr) throws Exception {
        return JSON.writeValueAsBytes(Map.of("name", name, "csr", csr));
    }

    static String csrPem(String cn) {
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder()
                        .encodeToString(CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P256), cn))
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    @Test
    void adminApiIsNeverOpen() throws Exception {
        assertThat(call("GET", "/things", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = call("GET", "/things", null, "wdn_admin_not-the-credential");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(code(wrong)).isEqualTo("UNAUTHENTICATED");
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        JsonNode openApi =
                JSON.readTree(call("GET", "/openapi.json", null, null).body());
        assertThat(openApi.path("openapi").asText()).startsWith("3.");
        // Every audited route is documented with the IAM action that authorizes it.
        assertThat(openApi.path("paths")
                        .path("/things")
                        .path("post")
                        .path("x-warden-action")
                        .asText())
                .isEqualTo("warden:CreateThing");
        assertThat(openApi.path("paths")
                        .path("/roles/{name}/assume")
                        .path("post")
                        .path("x-warden-action")
                        .asText())
                .isEqualTo("sts:AssumeRole");
        assertThat(openApi.path("paths")
                        .path("/audit/events")
                        .path("get")
                        .path("x-warden-action")
                        .asText())
                .isEqualTo("audit:LookupEvents");
    }

    @Test
    void eachBadRequestGetsItsReasonAndNothingIsPersisted() throws Exception {
        long before = thingCount();
        String weak = Processes.run(
                        dir,
                        List.of(
                                "openssl",
                                "req",
                                "-new",
                                "-newkey",
                                "rsa:1024",
                                "-nodes",
                                "-subj",
                                "/CN=weak",
                                "-keyout",
                                "/dev/null"))
                .output();
        weak = weak.substring(weak.indexOf("-----BEGIN CERTIFICATE REQUEST-----"));
        String good = csrPem("dev-x");
        String tampered = good.replace(good.substring(80, 84), flip(good.substring(80, 84)));
        Map<String, byte[]> cases = Map.of(
                "CSR_MALFORMED",
                        enrollBody(
                                "dev-a",
                                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"),
                "CSR_TOO_LARGE", enrollBody("dev-b", "A".repeat(70 * 1024)),
                "CSR_WEAK_KEY", enrollBody("weak", weak),
                "CSR_SUBJECT_MISMATCH", enrollBody("dev-c", good),
                "MALFORMED_JSON", "{\"name\": ".getBytes(StandardCharsets.UTF_8),
                "INVALID_THING_NAME", enrollBody("devices/+/#", csrPem("devices/+/#")),
                "MISSING_FIELD", "{\"csr\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        for (var c : cases.entrySet()) {
            HttpResponse<String> response = call("POST", "/things", c.getValue(), token);
            assertThat(response.statusCode())
                    .as(c.getKey() + ": " + response.body())
                    .isEqualTo(400);
            assertThat(code(response)).as(response.body()).isEqualTo(c.getKey());
        }
        HttpResponse<String> tamperedResponse = call("POST", "/things", enrollBody("dev-x", tampered), token);
        assertThat(tamperedResponse.statusCode()).isEqualTo(400);
        assertThat(code(tamperedResponse)).startsWith("CSR_");

        assertThat(call("POST", "/things", enrollBody("dup-1", csrPem("dup-1")), token)
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> dup = call("POST", "/things", enrollBody("dup-1", csrPem("dup-1")), token);
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(code(dup)).isEqualTo("THING_EXISTS");

        HttpResponse<String> unknown = call("POST", "/certificates/0abc/revoke", "{}".getBytes(), token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(code(unknown)).isEqualTo("UNKNOWN_CERTIFICATE");
        assertThat(code(call("POST", "/certificates/xyz/revoke", "{}".getBytes(), token)))
                .isEqualTo("INVALID_SERIAL");
        assertThat(code(call("POST", "/certificates/0abc/revoke", "{\"reason\":\"bored\"}".getBytes(), token)))
                .isEqualTo("INVALID_REASON");

        // Only the one valid enrollment landed.
        assertThat(thingCount()).isEqualTo(before + 1);
    }

    @Test
    void malformedOcspRequestGets400WithReason() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(harness.publicUrl() + "/ocsp/eu-west-1"))
                                .POST(HttpRequest.BodyPublishers.ofByteArray("garbage".getBytes()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Warden-Reason")).hasValue("OCSP_MALFORMED_REQUEST");
    }

    @Test
    void fuzzedBytesNeverCauseA5xxAndTheNodeKeepsServing() throws Exception {
        Random random = new Random(20261128L);
        byte[] seed = enrollBody("fuzz-1", csrPem("fuzz-1"));
        HttpClient plain = HttpClient.newHttpClient();
        for (int i = 0; i < 150; i++) {
            byte[] mutated = mutate(seed, random);
            HttpResponse<String> enroll = call("POST", "/things", mutated, token);
            assertThat(enroll.statusCode())
                    .as("enroll case %d: %s", i, enroll.body())
                    .isLessThan(500);
            HttpResponse<String> provision = call("POST", "/provisioning/templates/t/provision", mutated, null);
            assertThat(provision.statusCode()).as("provision case %d", i).isBetween(400, 499);
            byte[] noise = new byte[random.nextInt(600)];
            random.nextBytes(noise);
            HttpResponse<String> ocsp = plain.send(
                    HttpRequest.newBuilder(URI.create(harness.publicUrl() + "/ocsp/eu-west-1"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(noise))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ocsp.statusCode()).as("ocsp case %d", i).isLessThan(500);
        }
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void onlyTls12And13WithAeadSuitesAndNoPlaintext() {
        String connect = "127.0.0.1:" + harness.node.adminPort();
        var tls13 = Processes.run(dir, List.of("openssl", "s_client", "-connect", connect, "-tls1_3", "-brief"), 20);
        assertThat(tls13.output()).contains("TLSv1.3");
        var tls11 = Processes.run(dir, List.of("openssl", "s_client", "-connect", connect, "-tls1_1", "-brief"), 20);
        assertThat(tls11.exitCode()).isNotZero();
        var cbc = Processes.run(
                dir,
                List.of(
                        "openssl",
                        "s_client",
                        "-connect",
                        connect,
                        "-tls1_2",
                        "-cipher",
                        "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA",
                        "-brief"),
                20);
        assertThat(cbc.exitCode()).isNotZero();
        var plaintext = Processes.run(
                dir,
                List.of(
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "--max-time",
                        "5",
                        "http://" + connect + "/health"),
                20);
        assertThat(plaintext.output()).doesNotStartWith("200");
    }

    private static long thingCount() throws Exception {
        JsonNode things =
                JSON.readTree(call("GET", "/things?limit=1000", null, token).body());
        return things.path("things").size();
    }

    private static String flip(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c == 'A' ? 'B' : 'A');
        }
        return b.toString();
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] copy = seed.clone();
        int kind = random.nextInt(4);
        if (kind == 0) {
            byte[] noise = new byte[random.nextInt(2000)];
            random.nextBytes(noise);
            return noise;
        }
        if (kind == 1) {
            return java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
        }
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }
}
