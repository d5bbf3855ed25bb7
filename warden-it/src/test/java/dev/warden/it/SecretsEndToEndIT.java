package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.kms.SecretValue;
import dev.warden.kms.rotation.HmacKeyRotator;
import dev.warden.testkit.PostgresFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secrets through the CLI of a real node: versions and labels, rotation, deletion; every read audited, and no value
 * in listings or in the audit trail.
 */
@Tag("postgresql")
class SecretsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void secretsRoundTripAndEveryReadIsAudited(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), db)) {
            // GIVEN a secret with two versions
            assertThat(ok(harness.cli("secret", "put", "db-password", "--value", first))
                            .out())
                    .contains("Stored secret db-password")
                    .doesNotContain(first);
            // the second value from standard input, as `warden secret put NAME` without --value reads it
            var stdin = System.in;
            try {
                System.setIn(new java.io.ByteArrayInputStream((second + "\n").getBytes(StandardCharsets.UTF_8)));
                ok(harness.cli("secret", "put", "db-password"));
            } finally {
                System.setIn(stdin);
            }

            // THEN get returns CURRENT, or the version a label names
            assertThat(ok(harness.cli("secret", "get", "db-password")).out()).isEqualTo(second + "\n");
            assertThat(ok(harness.cli("secret", "get", "db-password", "--label", "PREVIOUS"))
                            .out())
                    .isEqualTo(first + "\n");
            assertThat(harness.cli("secret", "get", "db-password", "--label", "PENDING")
                            .err())
                    .contains("SECRET_NOT_FOUND");
            assertThat(harness.cli("secret", "get", "db-password", "--label", "LATEST")
                            .err())
                    .contains("INVALID_ARGUMENT");

            // AND a listing shows metadata, never a value
            String table = ok(harness.cli("secret", "list")).out();
            String listed = ok(harness.cli("secret", "list", "--json")).out();
            assertThat(table).contains("db-password");
            JsonNode entry = JSON.readTree(listed).path("secrets").get(0);
            assertThat(entry.path("arn").asText()).isEqualTo("arn:warden:secrets:eu-west-1:default:secret/db-password");
            assertThat(entry.path("versions").asInt()).isEqualTo(2);
            assertThat(entry.path("labels").path("CURRENT").asText()).isNotBlank();
            assertThat(table + listed).doesNotContain(first).doesNotContain(second);

            // WHEN rotated THEN a new random value is CURRENT and the old one PREVIOUS
            assertThat(ok(harness.cli("secret", "rotate", "db-password")).out()).contains("Rotated secret db-password");
            String rotated =
                    ok(harness.cli("secret", "get", "db-password")).out().trim();
            assertThat(rotated).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(second);
            assertThat(ok(harness.cli("secret", "get", "db-password", "--label", "PREVIOUS"))
                            .out())
                    .isEqualTo(second + "\n");

            // AND names may be paths
            ok(harness.cli("secret", "put", "db/orders/password", "--value", first));
            assertThat(ok(harness.cli("secret", "get", "db/orders/password")).out())
                    .isEqualTo(first + "\n");
            ok(harness.cli("secret", "rotate", "db/orders/password"));
            ok(harness.cli("secret", "delete", "db/orders/password"));

            // AND an HMAC key rotates into a binary keyset, shown as base64 and usable as a MAC
            ok(harness.cli("secret", "put", "webhook-key", "--value", "placeholder-" + UUID.randomUUID()));
            ok(harness.cli("secret", "rotate", "webhook-key", "--rotator", "hmac-key"));
            byte[] keyset = Base64.getDecoder()
                    .decode(ok(harness.cli("secret", "get", "webhook-key"))
                            .out()
                            .trim());
            var mac = HmacKeyRotator.mac(SecretValue.ofBytes(keyset));
            byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
            mac.verifyMac(mac.computeMac(payload), payload);
            assertThat(harness.cli("secret", "rotate", "webhook-key", "--rotator", "ssh")
                            .err())
                    .contains("INVALID_ARGUMENT");

            // WHEN deleted THEN no version can be read
            ok(harness.cli("secret", "delete", "db-password"));
            assertThat(harness.cli("secret", "get", "db-password").err()).contains("SECRET_NOT_FOUND");
            assertThat(harness.cli("secret", "delete", "db-password").err()).contains("SECRET_NOT_FOUND");

            // AND every operation, each read included, is in the audit trail, without any value
            List<JsonNode> events = KmsEndToEndIT.awaitEvents(
                    harness,
                    Set.of(
                            "secrets:PutSecretValue",
                            "secrets:GetSecretValue",
                            "secrets:ListSecrets",
                            "secrets:RotateSecret",
                            "secrets:DeleteSecret",
                            "kms:DestroyDataKey"));
            long reads = events.stream()
                    .filter(e -> e.path("action").asText().equals("secrets:GetSecretValue"))
                    .filter(e -> e.path("details").path("origin").asText().equals("kms"))
                    .filter(e -> e.path("result").asText().equals("ALLOW"))
                    .peek(e -> assertThat(e.path("resource").asText())
                            .isIn(
                                    "arn:warden:secrets:eu-west-1:default:secret/db-password",
                                    "arn:warden:secrets:eu-west-1:default:secret/webhook-key",
                                    "arn:warden:secrets:eu-west-1:default:secret/db/orders/password"))
                    .count();
            assertThat(reads).isGreaterThanOrEqualTo(4);
            JsonNode apiRead = events.stream()
                    .filter(e -> e.path("action").asText().equals("secrets:GetSecretValue"))
                    .filter(e -> e.path("details").path("status").asInt() == 200)
                    .findFirst()
                    .orElseThrow();
            assertThat(apiRead.path("resource").asText())
                    .isEqualTo("arn:warden:secrets:eu-west-1:default:secret/db-password");
            assertThat(apiRead.path("principal").path("type").asText()).isEqualTo("admin");
            String trail = ok(harness.cli("audit", "query", "--json", "--limit", "1000"))
                    .out();
            assertThat(trail).doesNotContain(first).doesNotContain(second).doesNotContain(rotated);
        }
    }
}
