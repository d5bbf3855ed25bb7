package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.node.config.ConfigException;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.node.config.WardenConfig;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ${secret:NAME}} in the node's configuration: resolved at start from the secrets manager (CURRENT version,
 * the read audited), the plaintext never written to the data directory or the database; a missing secret stops the
 * node with the key and the secret's name; keys read before the secrets manager opens cannot reference one.
 */
@Tag("postgresql")
class ConfigSecretReferencesIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void referencesResolveAtStartAndThePlaintextIsNotAtRest(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        Path data = dir.resolve("data");
        String marker = "MARKER-CONFIG-SECRET-" + UUID.randomUUID();
        String url = "https://" + marker.toLowerCase() + ".example";
        // GIVEN the secrets, stored through a first run of the node
        try (NodeHarness first = new NodeHarness(data, db)) {
            ok(first.cli("secret", "put", "config/public-url", "--value", url));
            ok(first.cli("secret", "put", "config/retention", "--value", "7"));
        }
        // WHEN the node starts with values that reference them
        Map<ConfigKey, String> flags = Map.of(
                ConfigKey.PUBLIC_URL,
                "${secret:config/public-url}",
                ConfigKey.TELEMETRY_RETENTION_DAYS,
                "${secret:config/retention}");
        try (NodeHarness node = new NodeHarness(data, db, flags)) {
            // THEN the running configuration holds the values, typed as their keys require
            assertThat(node.node.config().publicUrl()).isEqualTo(url);
            assertThat(node.node.config().telemetry().retention()).isEqualTo(Duration.ofDays(7));
            assertThat(node.node.config().toString()).doesNotContain(marker.toLowerCase());
            // AND each read is in the audit trail as a secret read, without the value
            List<JsonNode> events = KmsEndToEndIT.awaitEvents(node, Set.of("secrets:GetSecretValue"));
            assertThat(events)
                    .anyMatch(e -> e.path("action").asText().equals("secrets:GetSecretValue")
                            && e.path("resource").asText().endsWith(":secret/config/public-url"));
            assertThat(events.toString()).doesNotContain(marker.toLowerCase());
            // AND the plaintext is nowhere at rest
            node.node.audit().log().flushAndSign();
            List<String> markers = List.of(url, marker.toLowerCase());
            AtRestScan.assertNoMarkerUnder(data, markers);
            if (db != null) {
                AtRestScan.assertNoMarkerIn("pg_dump", AtRestScan.pgDump(dir, db, "kms_secret_versions"), markers);
            }
        }
        AtRestScan.assertNoMarkerUnder(data, List.of(url, marker.toLowerCase()));
    }

    @Test
    void aMissingSecretStopsTheNodeNamingKeyAndSecret() {
        Path data = dir.resolve("data");
        try (NodeHarness first = new NodeHarness(data, null)) {
            ok(first.cli("secret", "put", "present", "--value", "not-a-number"));
        }
        assertThatThrownBy(() -> new NodeHarness(data, null, Map.of(ConfigKey.PUBLIC_URL, "${secret:absent}")).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'public-url'")
                .hasMessageContaining("'absent'");
        // A value that does not fit its key is refused without quoting it
        assertThatThrownBy(() -> new NodeHarness(
                                data, null, Map.of(ConfigKey.TELEMETRY_RETENTION_DAYS, "${secret:present}"))
                        .close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("telemetry-retention-days")
                .hasMessageNotContaining("not-a-number");
        // and the node came down cleanly: it starts again
        try (NodeHarness again = new NodeHarness(data, null)) {
            assertThat(again.node.config().referencesSecrets()).isFalse();
        }
    }

    @Test
    void keysReadBeforeTheSecretsManagerOpensCannotReferenceSecrets() {
        for (ConfigKey key : List.of(
                ConfigKey.DB,
                ConfigKey.DATA,
                ConfigKey.REGION,
                ConfigKey.MASTER_KEY_PASSPHRASE_FILE,
                ConfigKey.MASTER_KEY_KDF,
                ConfigKey.HSM)) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of(key, "${secret:x}"), Map.of(), null))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(key.key() + " cannot reference a secret");
        }
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.PUBLIC_URL, "${secret:}"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not name a secret");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.PUBLIC_URL, "${secret:a b}"), Map.of(), null))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void resolutionSubstitutesInsideValuesAndEnvironmentReferencesWork() {
        WardenConfig config = ConfigLoader.load(
                Map.of(), Map.of("WARDEN_PUBLIC_URL", "https://${secret:host}:${secret:port}/x"), null);
        assertThat(config.referencesSecrets()).isTrue();
        WardenConfig resolved =
                ConfigLoader.resolveSecrets(config, name -> Optional.of(name.equals("host") ? "h.example" : "9443"));
        assertThat(resolved.publicUrl()).isEqualTo("https://h.example:9443/x");
        assertThat(resolved.settings().get(ConfigKey.PUBLIC_URL)).isEqualTo("https://${secret:host}:${secret:port}/x");
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).referencesSecrets())
                .isFalse();
    }
}
