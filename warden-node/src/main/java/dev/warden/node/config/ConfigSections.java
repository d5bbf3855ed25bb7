package dev.warden.node.config;

import static dev.warden.node.config.ConfigValues.duration;
import static dev.warden.node.config.ConfigValues.list;
import static dev.warden.node.config.ConfigValues.nonNegative;
import static dev.warden.node.config.ConfigValues.onOff;
import static dev.warden.node.config.ConfigValues.optionalPath;
import static dev.warden.node.config.ConfigValues.positive;

import dev.warden.kms.KmsException;
import dev.warden.kms.masterkey.KdfParameters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The capability sections of {@link ConfigLoader}: each builds one capability's settings record from the resolved
 * values and checks what spans several keys (keep-alive bounds, a witness's URL and token, firmware key origin).
 */
final class ConfigSections {
    private ConfigSections() {}

    static WardenConfig.Audit audit(Map<ConfigKey, String> values) {
        return new WardenConfig.Audit(
                nodeName(values.get(ConfigKey.NODE)),
                positive(values, ConfigKey.AUDIT_DIGEST_EVENTS),
                Duration.ofSeconds(positive(values, ConfigKey.AUDIT_DIGEST_SECONDS)),
                anchorDir(values),
                witness(values));
    }

    static WardenConfig.Firewall firewall(Map<ConfigKey, String> values) {
        return new WardenConfig.Firewall(
                list(values.get(ConfigKey.MQTT_ALLOW)),
                list(values.get(ConfigKey.MQTT_DENY)),
                positive(values, ConfigKey.MQTT_CONNECTION_RATE),
                (int) positive(values, ConfigKey.MQTT_CONNECTION_BURST),
                (int) positive(values, ConfigKey.MQTT_MAX_CONNECTIONS_PER_IP),
                positive(values, ConfigKey.MQTT_PUBLISH_RATE),
                bans(values));
    }

    static WardenConfig.Telemetry telemetry(Map<ConfigKey, String> values) {
        return new WardenConfig.Telemetry(
                Duration.ofDays(positive(values, ConfigKey.TELEMETRY_RETENTION_DAYS)),
                (int) Math.min(Integer.MAX_VALUE, positive(values, ConfigKey.TELEMETRY_QUEUE_CAPACITY)),
                onOff(values, ConfigKey.TELEMETRY_STORE));
    }

    /** The compliance thresholds; a checkpoint is never called stale before three audit heartbeats have passed. */
    static WardenConfig.Compliance compliance(Map<ConfigKey, String> values) {
        long heartbeat = positive(values, ConfigKey.AUDIT_DIGEST_SECONDS);
        long digestMaxAge =
                Math.max(positive(values, ConfigKey.COMPLIANCE_AUDIT_DIGEST_MAX_AGE_SECONDS), 3 * heartbeat);
        return new WardenConfig.Compliance(
                onOff(values, ConfigKey.PRODUCTION),
                Duration.ofDays(positive(values, ConfigKey.COMPLIANCE_CERTIFICATE_MAX_AGE_DAYS)),
                Duration.ofDays(positive(values, ConfigKey.COMPLIANCE_UNUSED_CREDENTIAL_DAYS)),
                Duration.ofDays(positive(values, ConfigKey.COMPLIANCE_KEY_ROTATION_DAYS)),
                Duration.ofDays(positive(values, ConfigKey.COMPLIANCE_SECRET_ROTATION_DAYS)),
                Duration.ofSeconds(digestMaxAge),
                Duration.ofSeconds(positive(values, ConfigKey.COMPLIANCE_REGION_IAM_STALE_SECONDS)),
                backupPolicy(values.get(ConfigKey.BACKUP_POLICY)));
    }

    static KdfParameters masterKeyKdf(String text) {
        try {
            return KdfParameters.parse(text);
        } catch (KmsException e) {
            throw new ConfigException(ConfigKey.MASTER_KEY_KDF.key() + ": " + e.getMessage());
        }
    }

    /** Free text a report prints: one line of readable characters, short enough to quote. */
    private static String backupPolicy(String text) {
        if (text.length() > 500) {
            throw new ConfigException(ConfigKey.BACKUP_POLICY.key() + " must be at most 500 characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(ConfigKey.BACKUP_POLICY.key() + " must be one line without control characters");
        }
        return text;
    }

    /** Incident clocks (checked when the node starts them) and where notifications go. */
    static WardenConfig.Incidents incidents(Map<ConfigKey, String> values) {
        Map<String, String> clocks = new java.util.LinkedHashMap<>();
        clocks.put("sev1", values.get(ConfigKey.INCIDENT_CLOCKS_SEV1));
        clocks.put("sev2", values.get(ConfigKey.INCIDENT_CLOCKS_SEV2));
        clocks.put("sev3", values.get(ConfigKey.INCIDENT_CLOCKS_SEV3));
        clocks.put("sev4", values.get(ConfigKey.INCIDENT_CLOCKS_SEV4));
        String tls = values.get(ConfigKey.INCIDENT_SMTP_TLS);
        if (!List.of("starttls", "implicit", "plain").contains(tls)) {
            throw new ConfigException(ConfigKey.INCIDENT_SMTP_TLS.key() + " is starttls, implicit or plain");
        }
        return new WardenConfig.Incidents(
                clocks,
                values.get(ConfigKey.INCIDENT_SMTP_HOST),
                (int) positive(values, ConfigKey.INCIDENT_SMTP_PORT),
                tls,
                values.get(ConfigKey.INCIDENT_SMTP_FROM),
                values.get(ConfigKey.INCIDENT_SMTP_USERNAME),
                values.get(ConfigKey.INCIDENT_SMTP_PASSWORD_SECRET),
                values.get(ConfigKey.INCIDENT_WEBHOOK_URL),
                values.get(ConfigKey.INCIDENT_WEBHOOK_SECRET),
                values.get(ConfigKey.INCIDENT_ONCALL_SCHEDULE),
                values.get(ConfigKey.INCIDENT_ESCALATION_POLICY));
    }

    /**
     * The keep-alive bounds: 0 <= min <= max <= 65535 seconds (MQTT's keep-alive is a 16-bit number); a push-back hold
     * shorter than 1.5 times the shortest keep-alive, when the gateway gives up on a silent client (a held
     * publisher's PINGREQs are not read either).
     */
    static WardenConfig.Mqtt mqtt(Map<ConfigKey, String> values) {
        long min = nonNegative(values, ConfigKey.MQTT_MIN_KEEP_ALIVE);
        long max = positive(values, ConfigKey.MQTT_MAX_KEEP_ALIVE);
        if (max > 65_535) {
            throw new ConfigException(ConfigKey.MQTT_MAX_KEEP_ALIVE.key() + " must be at most 65535 seconds");
        }
        if (min > max) {
            throw new ConfigException(
                    ConfigKey.MQTT_MIN_KEEP_ALIVE.key() + " must not exceed " + ConfigKey.MQTT_MAX_KEEP_ALIVE.key());
        }
        Duration pause = duration(values, ConfigKey.MQTT_PUSH_BACK_MAX_PAUSE);
        if (min > 0 && pause.toMillis() >= min * 1_500) {
            throw new ConfigException(ConfigKey.MQTT_PUSH_BACK_MAX_PAUSE.key() + " must be shorter than 1.5 times "
                    + ConfigKey.MQTT_MIN_KEEP_ALIVE.key() + " (" + min * 1.5 + " s), when a client that sends"
                    + " nothing is disconnected");
        }
        java.util.List<String> sealed = list(values.get(ConfigKey.MQTT_SEALED_TOPICS));
        for (String filter : sealed) {
            if (!dev.warden.gateway.TopicFilters.isValidFilter(filter)) {
                throw new ConfigException(ConfigKey.MQTT_SEALED_TOPICS.key() + " holds '" + filter
                        + "', which is not an MQTT topic filter");
            }
        }
        return new WardenConfig.Mqtt(Duration.ofSeconds(min), Duration.ofSeconds(max), pause, sealed);
    }

    /** The anchor directory: as configured, else beside the database in the data directory. */
    static Path anchorDir(Map<ConfigKey, String> values) {
        Path configured = optionalPath(values.get(ConfigKey.AUDIT_ANCHOR_DIR));
        return configured != null
                ? configured
                : Path.of(values.get(ConfigKey.DATA))
                        .toAbsolutePath()
                        .normalize()
                        .resolve("audit-anchors");
    }

    /** The witness settings: an https URL and a token file, or nothing at all. */
    static WardenConfig.Witness witness(Map<ConfigKey, String> values) {
        String url = values.get(ConfigKey.AUDIT_WITNESS_URL).trim();
        if (url.isEmpty()) {
            return WardenConfig.Witness.NONE;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKey.AUDIT_WITNESS_URL.key() + " is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigException(ConfigKey.AUDIT_WITNESS_URL.key() + " must be an https:// URL");
        }
        Path tokenFile = optionalPath(values.get(ConfigKey.AUDIT_WITNESS_TOKEN_FILE));
        if (tokenFile == null) {
            throw new ConfigException(ConfigKey.AUDIT_WITNESS_URL.key() + " needs "
                    + ConfigKey.AUDIT_WITNESS_TOKEN_FILE.key() + " (the witness's credential)");
        }
        return new WardenConfig.Witness(
                url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                tokenFile,
                optionalPath(values.get(ConfigKey.AUDIT_WITNESS_CA)));
    }

    static WardenConfig.Bans bans(Map<ConfigKey, String> values) {
        return new WardenConfig.Bans(
                (int) positive(values, ConfigKey.MQTT_BAN_FAILURES),
                duration(values, ConfigKey.MQTT_BAN_WINDOW),
                duration(values, ConfigKey.MQTT_BAN_FIRST),
                duration(values, ConfigKey.MQTT_BAN_MAX),
                list(values.get(ConfigKey.MQTT_BAN_EXEMPT)),
                (int) positive(values, ConfigKey.MQTT_BAN_CLIENT_ID_FAILURES),
                duration(values, ConfigKey.MQTT_BAN_CLIENT_ID_WINDOW),
                (int) positive(values, ConfigKey.MQTT_BAN_THING_FAILURES),
                duration(values, ConfigKey.MQTT_BAN_THING_WINDOW));
    }

    static String nodeName(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "warden-node";
        }
    }

    /** {@code firmware-key-origin}: auto follows {@code hsm}, as the CA keys do; hsm without an HSM is refused. */
    static boolean firmwareKeysInHsm(Map<ConfigKey, String> values) {
        boolean hsm = !values.get(ConfigKey.HSM).isBlank();
        return switch (values.get(ConfigKey.FIRMWARE_KEY_ORIGIN)) {
            case "auto" -> hsm;
            case "kms" -> false;
            case "hsm" -> {
                if (!hsm) {
                    throw new ConfigException(ConfigKey.FIRMWARE_KEY_ORIGIN.key() + " is hsm but no hsm is configured");
                }
                yield true;
            }
            default -> throw new ConfigException(ConfigKey.FIRMWARE_KEY_ORIGIN.key() + " must be auto, kms or hsm");
        };
    }
}
