package dev.warden.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.kms.masterkey.KdfParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path yaml = dir.resolve("warden.yaml");
        Files.writeString(yaml, "region: us-east-2\nadmin-port: 9443\npublic-port: 9080\n");
        Map<String, String> env = Map.of("WARDEN_ADMIN_PORT", "10443", "WARDEN_MQTT_PORT", "18883");
        WardenConfig config = ConfigLoader.load(Map.of(ConfigKey.ADMIN_PORT, "11443"), env, yaml);
        assertThat(config.adminPort()).isEqualTo(11443); // flag
        assertThat(config.mqttPort()).isEqualTo(18883); // environment
        assertThat(config.publicPort()).isEqualTo(9080); // file
        assertThat(config.region()).isEqualTo("us-east-2"); // file
        assertThat(config.account()).isEqualTo("default"); // default
        assertThat(config.crlUrl()).isEqualTo("http://localhost:9080/crl/us-east-2.crl");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        WardenConfig config = ConfigLoader.load(Map.of(), Map.of(), null);
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.adminPort()).isEqualTo(8443);
        assertThat(config.publicPort()).isEqualTo(8080);
        assertThat(config.mqttPort()).isEqualTo(8883);
        assertThat(config.certValidity().toDays()).isEqualTo(365);
        assertThat(config.dataDir().getFileName().toString()).isEqualTo("warden-data");
        assertThat(config.telemetry().store()).isTrue();
    }

    @Test
    void theMasterKeyCostIsReadInArgon2NotationAndRefusedBelowTheFloorOrMalformed() {
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).masterKeyKdf()).isEqualTo(KdfParameters.recommended());
        assertThat(ConfigLoader.load(Map.of(), Map.of("WARDEN_MASTER_KEY_KDF", "p=1, m=19456, t=2"), null)
                        .masterKeyKdf())
                .isEqualTo(new KdfParameters(19456, 2, 1));
        for (String bad : new String[] {"m=8192,t=3,p=1", "m=65536,t=3", "m=65536,t=3,p=1,t=2", "m=64M,t=3,p=1", ""}) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.MASTER_KEY_KDF, bad), Map.of(), null))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("master-key-kdf: ");
        }
    }

    @Test
    void complianceThresholdsReachTheChecksAndAreTheDocumentedDefaults() {
        WardenConfig defaults = ConfigLoader.load(Map.of(), Map.of(), null);
        assertThat(defaults.compliance()).isEqualTo(WardenConfig.Compliance.DEFAULTS);
        assertThat(defaults.complianceSettings().regionIamStaleAfter()).isEqualTo(Duration.ofSeconds(60));
        WardenConfig tight =
                ConfigLoader.load(Map.of(ConfigKey.COMPLIANCE_REGION_IAM_STALE_SECONDS, "2"), Map.of(), null);
        assertThat(tight.complianceSettings().regionIamStaleAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() ->
                        ConfigLoader.load(Map.of(ConfigKey.COMPLIANCE_REGION_IAM_STALE_SECONDS, "0"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("compliance-region-iam-stale-seconds");
    }

    @Test
    void aDeclaredBackupPolicyIsReadFromFileOrEnvironmentAndRefusedWhenNotOneShortLine() throws Exception {
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).compliance().backupPolicy())
                .isEmpty();
        Path yaml = dir.resolve("warden.yaml");
        Files.writeString(yaml, "backup-policy: nightly pg_dump to the off-site bucket, restore tried monthly\n");
        assertThat(ConfigLoader.load(Map.of(), Map.of(), yaml).compliance().backupPolicy())
                .isEqualTo("nightly pg_dump to the off-site bucket, restore tried monthly");
        WardenConfig fromEnv =
                ConfigLoader.load(Map.of(), Map.of("WARDEN_BACKUP_POLICY", "  hourly restic snapshot of DATA  "), yaml);
        assertThat(fromEnv.compliance().backupPolicy()).isEqualTo("hourly restic snapshot of DATA");

        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.BACKUP_POLICY, "a".repeat(501)), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("backup-policy must be at most 500 characters");
        assertThatThrownBy(
                        () -> ConfigLoader.load(Map.of(ConfigKey.BACKUP_POLICY, "nightly\nrm -rf /"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("backup-policy must be one line");
    }

    @Test
    void gatewayFirewallLimitsComeFromTheEnvironmentToo() {
        WardenConfig config = ConfigLoader.load(
                Map.of(),
                Map.of(
                        "WARDEN_MQTT_MAX_CONNECTIONS_PER_IP",
                        "5000",
                        "WARDEN_MQTT_DENY",
                        "203.0.113.0/24, 2001:db8::/32"),
                null);
        assertThat(config.firewall().maxConnectionsPerIp()).isEqualTo(5000);
        assertThat(config.firewall().deny()).containsExactly("203.0.113.0/24", "2001:db8::/32");
        assertThat(config.firewall().connectionRate()).isEqualTo(20);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.MQTT_PUBLISH_RATE, "0"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt-publish-rate");
    }

    @Test
    void banSettingsAndExemptionsAreReadFromFlagsAndEnvironment() {
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).firewall().bans())
                .isEqualTo(WardenConfig.Bans.DEFAULTS);
        WardenConfig config = ConfigLoader.load(
                Map.of(
                        ConfigKey.MQTT_BAN_FAILURES, "3",
                        ConfigKey.MQTT_BAN_WINDOW, "5m",
                        ConfigKey.MQTT_BAN_FIRST, "30s",
                        ConfigKey.MQTT_BAN_MAX, "2h",
                        ConfigKey.MQTT_BAN_CLIENT_ID_FAILURES, "4",
                        ConfigKey.MQTT_BAN_THING_WINDOW, "1h"),
                Map.of("WARDEN_MQTT_BAN_EXEMPT", "127.0.0.0/8, 2001:db8::/32"),
                null);
        assertThat(config.firewall().bans())
                .isEqualTo(new WardenConfig.Bans(
                        3,
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30),
                        Duration.ofHours(2),
                        java.util.List.of("127.0.0.0/8", "2001:db8::/32"),
                        4,
                        Duration.ofSeconds(60),
                        10,
                        Duration.ofHours(1)));
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.MQTT_BAN_WINDOW, "soon"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt-ban-window");
    }

    @Test
    void keepAliveBoundsAreConfigurableWithinMqttsRange() {
        WardenConfig defaults = ConfigLoader.load(Map.of(), Map.of(), null);
        assertThat(defaults.mqtt()).isEqualTo(WardenConfig.Mqtt.DEFAULTS);
        WardenConfig config = ConfigLoader.load(
                Map.of(ConfigKey.MQTT_MIN_KEEP_ALIVE, "5"), Map.of("WARDEN_MQTT_MAX_KEEP_ALIVE", "600"), null);
        assertThat(config.mqtt().minKeepAlive()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.mqtt().maxKeepAlive()).isEqualTo(Duration.ofSeconds(600));
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.MQTT_MAX_KEEP_ALIVE, "65536"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt-max-keep-alive");
        assertThatThrownBy(() -> ConfigLoader.load(
                        Map.of(ConfigKey.MQTT_MIN_KEEP_ALIVE, "700", ConfigKey.MQTT_MAX_KEEP_ALIVE, "600"),
                        Map.of(),
                        null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt-min-keep-alive");
    }

    @Test
    void thePushBackPauseIsConfigurableAndShorterThanTheShortestKeepAlive() {
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).mqtt().pushBackMaxPause())
                .isEqualTo(Duration.ofSeconds(5));
        WardenConfig config = ConfigLoader.load(Map.of(), Map.of("WARDEN_MQTT_PUSH_BACK_MAX_PAUSE", "1500ms"), null);
        assertThat(config.mqtt().pushBackMaxPause()).isEqualTo(Duration.ofMillis(1500));
        // A held publisher's PINGREQs are not read: a pause as long as its keep-alive timeout (1.5 x 30 s) would
        // cut it off.
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.MQTT_PUSH_BACK_MAX_PAUSE, "45s"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt-push-back-max-pause");
    }

    @Test
    void firmwareKeysFollowTheCaKeysIntoTheHsmUnlessConfiguredOtherwise() {
        String hsm = "pkcs11:token=warden;module-path=/usr/lib/softhsm/libsofthsm2.so?pin-value=1234";
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).firmwareKeysInHsm())
                .isFalse();
        assertThat(ConfigLoader.load(Map.of(ConfigKey.HSM, hsm), Map.of(), null).firmwareKeysInHsm())
                .isTrue();
        assertThat(ConfigLoader.load(Map.of(ConfigKey.HSM, hsm, ConfigKey.FIRMWARE_KEY_ORIGIN, "kms"), Map.of(), null)
                        .firmwareKeysInHsm())
                .isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.FIRMWARE_KEY_ORIGIN, "hsm"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no hsm is configured");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.FIRMWARE_KEY_ORIGIN, "tpm"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto, kms or hsm");
    }

    @Test
    void theShippedWardenYamlMatchesTheDefaults() {
        Path shipped = Path.of("..", "warden.yaml");
        WardenConfig fromFile = ConfigLoader.load(Map.of(), Map.of(), shipped);
        WardenConfig defaults = ConfigLoader.load(Map.of(), Map.of(), null);
        assertThat(fromFile).isEqualTo(defaults);
    }

    @Test
    void typosAndBadValuesAreRefusedNotIgnored() throws Exception {
        Path yaml = dir.resolve("typo.yaml");
        Files.writeString(yaml, "admin_port: 9443\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'admin_port'");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.TELEMETRY_STORE, "maybe"), Map.of(), null))
                .hasMessageContaining("telemetry-store must be on or off");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.ADMIN_PORT, "70000"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin-port");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("WARDEN_REGION", "Mars!"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("region");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigKey.MQTT_SEALED_TOPICS, "devices/#/x"), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt-sealed-topics");
    }

    @Test
    void sealedTopicsAreOptInFilters() {
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).mqtt().sealedTopics())
                .isEmpty();
        assertThat(ConfigLoader.load(
                                Map.of(ConfigKey.MQTT_SEALED_TOPICS, "devices/+/sealed/#, vault/#"), Map.of(), null)
                        .mqtt()
                        .sealedTopics())
                .containsExactly("devices/+/sealed/#", "vault/#");
    }
}
