package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.testkit.PostgresFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The KMS wired into a real node: keys through the CLI and the admin API, rotation keeping old ciphertexts readable,
 * a key pending deletion refusing encrypt and decrypt, a tampered ciphertext refused, and every operation in the
 * audit trail.
 */
@Tag("postgresql")
class KmsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keysEncryptRotateAndDeleteThroughTheCliAndTheApi(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), db)) {
            // GIVEN a node: its built-in key exists, and an admin creates a key of its own
            JsonNode created =
                    json(ok(harness.cli("kms", "create-key", "telemetry", "--description", "sensor data", "--json")));
            assertThat(created.path("arn").asText()).isEqualTo("arn:warden:kms:eu-west-1:default:key/telemetry");
            assertThat(created.path("state").asText()).isEqualTo("ENABLED");
            JsonNode keys = json(ok(harness.cli("kms", "list-keys", "--json")));
            assertThat(keys.path("keys").findValuesAsText("name")).contains("default", "telemetry");
            assertThat(harness.cli("kms", "create-key", "telemetry").err()).contains("ALREADY_EXISTS");
            assertThat(ok(harness.cli("kms", "describe-key", "telemetry")).out())
                    .contains("arn:warden:kms:eu-west-1:default:key/telemetry", "ENABLED");

            // WHEN data is encrypted, the key rotated, and more data encrypted
            Path before = dir.resolve("before.b64");
            ok(harness.cli(
                    "kms",
                    "encrypt",
                    "telemetry",
                    "--owner",
                    "thing-1",
                    "--record",
                    "r-1",
                    "--plaintext",
                    "21.5 C",
                    "--out",
                    before.toString()));
            JsonNode rotated = json(ok(harness.cli("kms", "rotate", "telemetry", "--json")));
            assertThat(rotated.path("primaryVersion").asInt()).isEqualTo(2);
            assertThat(rotated.path("versions").asInt()).isEqualTo(2);
            Path plaintextFile = dir.resolve("reading.bin");
            Files.writeString(plaintextFile, "22.0 C");
            Path after = dir.resolve("after.b64");
            Files.writeString(
                    after,
                    ok(harness.cli(
                                    "kms",
                                    "encrypt",
                                    "telemetry",
                                    "--owner",
                                    "thing-1",
                                    "--record",
                                    "r-2",
                                    "--in",
                                    plaintextFile.toString()))
                            .out());

            // THEN both ciphertexts decrypt, each only for its own owner and record
            assertThat(ok(harness.cli(
                                    "kms",
                                    "decrypt",
                                    "--owner",
                                    "thing-1",
                                    "--record",
                                    "r-1",
                                    "--in",
                                    before.toString()))
                            .out())
                    .isEqualTo("21.5 C\n");
            assertThat(ok(harness.cli(
                                    "kms",
                                    "decrypt",
                                    "--owner",
                                    "thing-1",
                                    "--record",
                                    "r-2",
                                    "--in",
                                    after.toString()))
                            .out())
                    .isEqualTo("22.0 C\n");
            NodeHarness.CliResult otherRecord =
                    harness.cli("kms", "decrypt", "--owner", "thing-1", "--record", "r-2", "--in", before.toString());
            assertThat(otherRecord.exitCode()).isEqualTo(1);
            assertThat(otherRecord.err()).contains("WRONG_CONTEXT").doesNotContain("21.5");

            Api api = new Api(harness);
            String ciphertext = Files.readString(before).trim();
            // GIVEN a tampered ciphertext WHEN decrypted THEN 400 DECRYPTION_FAILED, no plaintext
            byte[] tampered = Base64.getDecoder().decode(ciphertext);
            tampered[tampered.length - 1] ^= 0x01;
            HttpResponse<String> refused = api.post(
                    "/kms/decrypt",
                    Map.of(
                            "ciphertext",
                            Base64.getEncoder().encodeToString(tampered),
                            "owner",
                            "thing-1",
                            "recordId",
                            "r-1"));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(Api.code(refused)).isEqualTo("DECRYPTION_FAILED");
            assertThat(Api.code(api.post(
                            "/kms/decrypt",
                            Map.of("ciphertext", "not base64!", "owner", "thing-1", "recordId", "r-1"))))
                    .isEqualTo("INVALID_FIELD");
            assertThat(api.post("/kms/keys/nope/encrypt", Map.of("plaintext", "AA==", "owner", "o", "recordId", "r"))
                            .statusCode())
                    .isEqualTo(404);

            // GIVEN a key scheduled for deletion WHEN used THEN 409 KEY_PENDING_DELETION, for encrypt and decrypt
            JsonNode pending = json(ok(harness.cli("kms", "schedule-deletion", "telemetry", "--days", "7", "--json")));
            assertThat(pending.path("state").asText()).isEqualTo("PENDING_DELETION");
            assertThat(pending.path("deletionAt").asText()).isNotBlank();
            HttpResponse<String> encrypt = api.post(
                    "/kms/keys/telemetry/encrypt", Map.of("plaintext", "AQID", "owner", "thing-1", "recordId", "r-3"));
            assertThat(encrypt.statusCode()).isEqualTo(409);
            assertThat(Api.code(encrypt)).isEqualTo("KEY_PENDING_DELETION");
            HttpResponse<String> decrypt =
                    api.post("/kms/decrypt", Map.of("ciphertext", ciphertext, "owner", "thing-1", "recordId", "r-1"));
            assertThat(decrypt.statusCode()).isEqualTo(409);
            assertThat(Api.code(decrypt)).isEqualTo("KEY_PENDING_DELETION");
            assertThat(harness.cli("kms", "decrypt", "--owner", "thing-1", "--record", "r-1", "--in", before.toString())
                            .err())
                    .contains("KEY_PENDING_DELETION");
            assertThat(Api.code(api.post("/kms/keys/telemetry/schedule-deletion", Map.of("days", 7))))
                    .isEqualTo("KEY_PENDING_DELETION");
            ok(harness.cli("kms", "cancel-deletion", "telemetry"));
            assertThat(ok(harness.cli(
                                    "kms",
                                    "decrypt",
                                    "--owner",
                                    "thing-1",
                                    "--record",
                                    "r-1",
                                    "--in",
                                    before.toString()))
                            .out())
                    .isEqualTo("21.5 C\n");
            assertThat(Api.code(api.post("/kms/keys/telemetry/cancel-deletion", Map.of())))
                    .isEqualTo("INVALID_STATE");
            assertThat(Api.code(api.post("/kms/keys/telemetry/schedule-deletion", Map.of("days", 3))))
                    .isEqualTo("INVALID_ARGUMENT");
            assertThat(Api.code(api.post("/kms/keys/default/schedule-deletion", Map.of("days", 7))))
                    .isEqualTo("BUILT_IN_KEY");

            // Re-encryption moves a ciphertext to another key; data keys are only handed out wrapped
            HttpResponse<String> moved = api.post(
                    "/kms/re-encrypt",
                    Map.of(
                            "ciphertext",
                            ciphertext,
                            "owner",
                            "thing-1",
                            "recordId",
                            "r-1",
                            "destinationKey",
                            "default"));
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
            HttpResponse<String> back = api.post(
                    "/kms/decrypt",
                    Map.of(
                            "ciphertext",
                            JSON.readTree(moved.body()).path("ciphertext").asText(),
                            "owner",
                            "thing-1",
                            "recordId",
                            "r-1"));
            assertThat(new String(Base64.getDecoder()
                            .decode(JSON.readTree(back.body()).path("plaintext").asText())))
                    .isEqualTo("21.5 C");
            HttpResponse<String> dataKey = api.post(
                    "/kms/keys/telemetry/generate-data-key", Map.of("owner", "bucket-1", "recordId", "object-1"));
            assertThat(JSON.readTree(dataKey.body()).path("wrappedKey").asText())
                    .isNotBlank();
            assertThat(Api.code(api.post(
                            "/kms/keys/telemetry/encrypt",
                            Map.of("plaintext", "AA==", "owner", "secret:someone", "recordId", "r"))))
                    .isEqualTo("INVALID_ARGUMENT");

            // Every operation is in the audit trail: the API call, and the KMS operation with the key it used
            List<JsonNode> events = awaitEvents(
                    harness,
                    Set.of(
                            "kms:CreateKey",
                            "kms:ListKeys",
                            "kms:DescribeKey",
                            "kms:Encrypt",
                            "kms:Decrypt",
                            "kms:RotateKey",
                            "kms:ScheduleKeyDeletion",
                            "kms:CancelKeyDeletion",
                            "kms:ReEncrypt",
                            "kms:GenerateDataKey",
                            "kms:RewrapDataKeys"));
            JsonNode refusedDecrypt = events.stream()
                    .filter(e -> e.path("action").asText().equals("kms:Decrypt"))
                    .filter(e -> e.path("details").path("origin").asText().equals("kms"))
                    .filter(e -> e.path("details").path("reason").asText().equals("KEY_PENDING_DELETION"))
                    .findFirst()
                    .orElseThrow();
            assertThat(refusedDecrypt.path("result").asText()).isEqualTo("DENY");
            assertThat(refusedDecrypt.path("resource").asText())
                    .isEqualTo("arn:warden:kms:eu-west-1:default:key/telemetry");
            assertThat(refusedDecrypt.path("details").path("subject").asText()).isEqualTo("thing-1");
            assertThat(refusedDecrypt.path("principal").path("type").asText()).isEqualTo("admin");
            JsonNode apiEncrypt = events.stream()
                    .filter(e -> e.path("action").asText().equals("kms:Encrypt"))
                    .filter(e -> e.path("details").path("errorCode").asText().equals("KEY_PENDING_DELETION"))
                    .findFirst()
                    .orElseThrow();
            assertThat(apiEncrypt.path("details").path("status").asInt()).isEqualTo(409);
            assertThat(events.toString()).doesNotContain("21.5 C").doesNotContain("22.0 C");
        }
    }

    private static JsonNode json(NodeHarness.CliResult result) throws Exception {
        return JSON.readTree(result.out());
    }

    /** The audit trail's events once all of {@code actions} appear (KMS operations are recorded without blocking). */
    static List<JsonNode> awaitEvents(NodeHarness harness, Set<String> actions) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            JsonNode page = JSON.readTree(ok(harness.cli("audit", "query", "--json", "--limit", "1000"))
                    .out());
            List<JsonNode> events = new ArrayList<>();
            page.path("events").forEach(events::add);
            Set<String> seen = new HashSet<>();
            events.forEach(e -> seen.add(e.path("action").asText()));
            if (seen.containsAll(actions) || System.nanoTime() > deadline) {
                assertThat(seen).containsAll(actions);
                return events;
            }
            Thread.sleep(200);
        }
    }

    /** Direct HTTPS calls to the admin API, to see status codes. */
    static final class Api {
        private final NodeHarness harness;
        private final HttpClient https;
        private final String token;

        Api(NodeHarness harness) throws Exception {
            this.harness = harness;
            X509Certificate root = Pem.parseCertificate(Files.readString(harness.dataDir.resolve("pki/root.crt")));
            this.https = HttpClient.newBuilder()
                    .sslContext(TlsSettings.clientContext(List.of(root), null, null))
                    .build();
            this.token = Files.readString(harness.dataDir.resolve("admin-credential"))
                    .trim();
        }

        HttpResponse<String> post(String path, Object body) throws Exception {
            return send("POST", path, body);
        }

        HttpResponse<String> send(String method, String path, Object body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(harness.adminUrl() + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .build();
            return https.send(request, HttpResponse.BodyHandlers.ofString());
        }

        static String code(HttpResponse<String> response) throws Exception {
            return JSON.readTree(response.body()).path("error").path("code").asText();
        }
    }
}
