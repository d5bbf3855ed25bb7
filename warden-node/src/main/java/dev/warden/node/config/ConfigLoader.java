package dev.warden.node.config;

import static dev.warden.node.config.ConfigSections.audit;
import static dev.warden.node.config.ConfigSections.compliance;
import static dev.warden.node.config.ConfigSections.firewall;
import static dev.warden.node.config.ConfigSections.firmwareKeysInHsm;
import static dev.warden.node.config.ConfigSections.incidents;
import static dev.warden.node.config.ConfigSections.masterKeyKdf;
import static dev.warden.node.config.ConfigSections.mqtt;
import static dev.warden.node.config.ConfigSections.telemetry;
import static dev.warden.node.config.ConfigValues.nonNegative;
import static dev.warden.node.config.ConfigValues.onOff;
import static dev.warden.node.config.ConfigValues.optionalPath;
import static dev.warden.node.config.ConfigValues.port;
import static dev.warden.node.config.ConfigValues.positive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
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
        Map<ConfigKey, String> yaml = YamlConfigFile.read(configFile);
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
                audit(values),
                firewall(values),
                telemetry(values),
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

    /** {@code 500ms}, {@code 60s} (or {@code 60}), {@code 5m}, {@code 1h}, {@code 7d}; positive. */
    public static Duration parseDuration(String text) {
        return ConfigValues.parseDuration(text);
    }

    /** Defaults plus environment, no flags: what the CLI client uses to find its node. */
    public static WardenConfig defaults() {
        return load(Map.of(), Map.of(), null);
    }
}
