package dev.warden.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.kms.KmsException;
import dev.warden.kms.masterkey.KdfParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves the configuration: command-line flag, then {@code WARDEN_*} environment variable, then warden.yaml, then
 * the documented default. Unknown keys in warden.yaml are refused so that a typo never silently falls back.
 */
public final class ConfigLoader {
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ConfigLoader() {}

    /**
     * @param flags      values given as flags (absent keys are not set)
     * @param env        the environment (System.getenv() in production)
     * @param configFile a warden.yaml to read, or null to look for ./warden.yaml
     */
    public static WardenConfig load(Map<ConfigKey, String> flags, Map<String, String> env, Path configFile) {
        Map<ConfigKey, String> yaml = readYaml(configFile);
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            String value = flags.get(key);
            if (value == null) {
                value = env.get(key.environmentVariable());
            }
            if (value == null) {
                value = yaml.get(key);
            }
            values.put(key, value == null ? key.defaultValue() : value.trim());
        }
        if (SecretReferences.any(values)) {
            // Parsed with the defaults in their place, to check everything else now; the node resolves them at start.
            Map<ConfigKey, String> placeholders = new EnumMap<>(values);
            placeholders.replaceAll(
                    (key, value) -> SecretReferences.names(key, value).isEmpty() ? value : key.defaultValue());
            return build(placeholders).withSettings(values);
        }
        return build(values);
    }

    /**
     * The configuration with every {@code ${secret:NAME}} replaced by that secret's CURRENT value; the same config
     * when it references none. The result's {@link WardenConfig#settings()} still holds the references, not values.
     *
     * @param lookup a secret's CURRENT value by name, empty when it does not exist
     * @throws ConfigException for a missing secret or a resolved value that is not valid for its key (naming the key
     *                         and the secret, never the value)
     */
    public static WardenConfig resolveSecrets(
            WardenConfig config, java.util.function.Function<String, java.util.Optional<String>> lookup) {
        if (config.settings().isEmpty()) {
            return config;
        }
        Map<ConfigKey, String> resolved = SecretReferences.substitute(config.settings(), lookup);
        try {
            return build(resolved).withSettings(config.settings());
        } catch (ConfigException e) {
            // The message may quote the resolved value: say only which keys were resolved.
            throw new ConfigException("a configuration value resolved from a secret is not valid for its key ("
                    + config.settings().entrySet().stream()
                            .filter(en -> en.getValue().contains("${secret:"))
                            .map(en -> en.getKey().key())
                            .toList()
                    + ")");
        }
    }

    private static WardenConfig build(Map<ConfigKey, String> values) {
        String region = values.get(ConfigKey.REGION);
        if (!REGION.matcher(region).matches()) {
            throw new ConfigException("region '" + region + "' is not a region name like eu-west-1");
        }
        String account = values.get(ConfigKey.ACCOUNT);
        if (!ACCOUNT.matcher(account).matches()) {
            throw new ConfigException("account must be 1-64 letters, digits, '-' or '_'");
        }
        return new WardenConfig(
                region,
                account,
                Path.of(values.get(ConfigKey.DATA)).toAbsolutePath().normalize(),
                values.get(ConfigKey.DB),
                values.get(ConfigKey.BIND),
                port(values, ConfigKey.ADMIN_PORT),
                port(values, ConfigKey.PUBLIC_PORT),
                port(values, ConfigKey.MQTT_PORT),
                values.get(ConfigKey.PUBLIC_URL),
                Arrays.stream(values.get(ConfigKey.HOSTNAMES).split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                Duration.ofDays(positive(values, ConfigKey.CERT_VALIDITY_DAYS)),
                Duration.ofMinutes(positive(values, ConfigKey.CRL_REFRESH_MINUTES)),
                Duration.ofHours(nonNegative(values, ConfigKey.ROTATION_OVERLAP_HOURS)),
                values.get(ConfigKey.HSM),
                optionalPath(values.get(ConfigKey.MASTER_KEY_PASSPHRASE_FILE)),
                new WardenConfig.Audit(
                        nodeName(values.get(ConfigKey.NODE)),
                        positive(values, ConfigKey.AUDIT_DIGEST_EVENTS),
                        Duration.ofSeconds(positive(values, ConfigKey.AUDIT_DIGEST_SECONDS)),
                        anchorDir(values),
                        witness(values)),
                new WardenConfig.Firewall(
                        list(values.get(ConfigKey.MQTT_ALLOW)),
                        list(values.get(ConfigKey.MQTT_DENY)),
                        positive(values, ConfigKey.MQTT_CONNECTION_RATE),
                        (int) positive(values, ConfigKey.MQTT_CONNECTION_BURST),
                        (int) positive(values, ConfigKey.MQTT_MAX_CONNECTIONS_PER_IP),
                        positive(values, ConfigKey.MQTT_PUBLISH_RATE),
                        bans(values)),
                new WardenConfig.Telemetry(
                        Duration.ofDays(positive(values, ConfigKey.TELEMETRY_RETENTION_DAYS)),
                        (int) Math.min(Integer.MAX_VALUE, positive(values, ConfigKey.TELEMETRY_QUEUE_CAPACITY)),
                        onOff(values, ConfigKey.TELEMETRY_STORE)),
                port(values, ConfigKey.MQTT_WS_PORT),
                values.get(ConfigKey.KMS_HSM),
                mqtt(values),
                new WardenConfig.Monitor(
                        onOff(values, ConfigKey.MONITOR), WardenConfig.Monitor.DEFAULTS.evaluationInterval()),
                compliance(values),
                incidents(values),
                new WardenConfig.Regions(
                        onOff(values, ConfigKey.REGION_LINKS),
                        port(values, ConfigKey.REGION_LINK_PORT),
                        values.get(ConfigKey.REGION_LINK_URL)),
                firmwareKeysInHsm(values),
                masterKeyKdf(values.get(ConfigKey.MASTER_KEY_KDF)),
                Map.of());
    }

    /** The compliance thresholds; a checkpoint is never called stale before three audit heartbeats have passed. */
    private static WardenConfig.Compliance compliance(Map<ConfigKey, String> values) {
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

    private static KdfParameters masterKeyKdf(String text) {
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
    private static WardenConfig.Incidents incidents(Map<ConfigKey, String> values) {
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
    private static WardenConfig.Mqtt mqtt(Map<ConfigKey, String> values) {
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
    private static Path anchorDir(Map<ConfigKey, String> values) {
        Path configured = optionalPath(values.get(ConfigKey.AUDIT_ANCHOR_DIR));
        return configured != null
                ? configured
                : Path.of(values.get(ConfigKey.DATA))
                        .toAbsolutePath()
                        .normalize()
                        .resolve("audit-anchors");
    }

    /** The witness settings: an https URL and a token file, or nothing at all. */
    private static WardenConfig.Witness witness(Map<ConfigKey, String> values) {
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

    private static Path optionalPath(String value) {
        return value == null || value.isBlank()
                ? null
                : Path.of(value).toAbsolutePath().normalize();
    }

    private static WardenConfig.Bans bans(Map<ConfigKey, String> values) {
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

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    /** {@code 500ms}, {@code 60s} (or {@code 60}), {@code 5m}, {@code 1h}, {@code 7d}; positive. */
    public static Duration parseDuration(String text) {
        java.util.regex.Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 500ms, 60s, 5m, 1h, 7d)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("a duration must be positive: '" + text + "'");
        }
        return d;
    }

    private static Duration duration(Map<ConfigKey, String> values, ConfigKey key) {
        try {
            return parseDuration(values.get(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key.key() + ": " + e.getMessage());
        }
    }

    private static java.util.List<String> list(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String nodeName(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "warden-node";
        }
    }

    /** Defaults plus environment, no flags: what the CLI client uses to find its node. */
    public static WardenConfig defaults() {
        return load(Map.of(), Map.of(), null);
    }

    private static Map<ConfigKey, String> readYaml(Path configFile) {
        Path file = configFile != null ? configFile : Path.of("warden.yaml");
        Map<ConfigKey, String> result = new EnumMap<>(ConfigKey.class);
        if (!Files.isRegularFile(file)) {
            if (configFile != null) {
                throw new ConfigException("config file " + configFile + " does not exist");
            }
            return result;
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return result;
        }
        if (!root.isObject()) {
            throw new ConfigException(file + " must be a mapping of key: value");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        List<ConfigKey> all = List.of(ConfigKey.values());
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            ConfigKey key = all.stream()
                    .filter(k -> k.key().equals(field.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("unknown key '" + field.getKey() + "' in " + file));
            if (!field.getValue().isNull()) {
                result.put(key, field.getValue().asText());
            }
        }
        return result;
    }

    private static int port(Map<ConfigKey, String> values, ConfigKey key) {
        long port = number(values, key);
        if (port < 0 || port > 65535) {
            throw new ConfigException(key.key() + " must be a port number (0-65535), got " + port);
        }
        return (int) port;
    }

    /** {@code firmware-key-origin}: auto follows {@code hsm}, as the CA keys do; hsm without an HSM is refused. */
    private static boolean firmwareKeysInHsm(Map<ConfigKey, String> values) {
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

    private static boolean onOff(Map<ConfigKey, String> values, ConfigKey key) {
        return switch (values.get(key)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new ConfigException(key.key() + " must be on or off");
        };
    }

    private static long positive(Map<ConfigKey, String> values, ConfigKey key) {
        long v = number(values, key);
        if (v <= 0) {
            throw new ConfigException(key.key() + " must be positive");
        }
        return v;
    }

    private static long nonNegative(Map<ConfigKey, String> values, ConfigKey key) {
        long v = number(values, key);
        if (v < 0) {
            throw new ConfigException(key.key() + " must not be negative");
        }
        return v;
    }

    private static long number(Map<ConfigKey, String> values, ConfigKey key) {
        try {
            return Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key.key() + " must be a number, got '" + values.get(key) + "'");
        }
    }
}
