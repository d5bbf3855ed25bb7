package dev.warden.node.config;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${secret:NAME}} in configuration values: the node replaces each with the CURRENT version of the secret
 * once its secrets manager is open, so warden.yaml, flags and the environment need not hold the plaintext. Keys the
 * node needs before that (to find its data, database, master key and audit trail) cannot reference a secret. A
 * resolved value is never logged nor put in an error; a missing secret stops the node with the key and secret name.
 */
public final class SecretReferences {
    /** {@code ${secret:NAME}} with a secret name as the secrets manager accepts it. */
    static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}\\s]*)}");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");

    /** Read before the secrets manager opens (storage, keys, CA, audit trail): they cannot reference a secret. */
    static final Set<ConfigKey> EARLY = Set.of(
            ConfigKey.REGION,
            ConfigKey.ACCOUNT,
            ConfigKey.DATA,
            ConfigKey.DB,
            ConfigKey.HSM,
            ConfigKey.KMS_HSM,
            ConfigKey.MASTER_KEY_PASSPHRASE_FILE,
            ConfigKey.MASTER_KEY_KDF,
            ConfigKey.HOSTNAMES,
            ConfigKey.NODE,
            ConfigKey.AUDIT_DIGEST_EVENTS,
            ConfigKey.AUDIT_DIGEST_SECONDS,
            ConfigKey.AUDIT_ANCHOR_DIR,
            ConfigKey.CERT_VALIDITY_DAYS);

    private SecretReferences() {}

    /** The secret names a value references, in order; empty for a plain value. */
    static Set<String> names(ConfigKey key, String value) {
        Set<String> names = new LinkedHashSet<>();
        if (value == null || !value.contains("${secret:")) {
            return names;
        }
        Matcher m = REFERENCE.matcher(value);
        while (m.find()) {
            if (!NAME.matcher(m.group(1)).matches()) {
                throw new ConfigException(key.key() + ": '" + m.group() + "' does not name a secret (${secret:NAME})");
            }
            names.add(m.group(1));
        }
        if (names.isEmpty() || REFERENCE.matcher(value).replaceAll("").contains("${secret:")) {
            throw new ConfigException(key.key() + ": malformed secret reference (expected ${secret:NAME})");
        }
        if (EARLY.contains(key)) {
            throw new ConfigException(key.key() + " cannot reference a secret: the node reads it before its secrets "
                    + "manager is open");
        }
        return names;
    }

    /** Whether any value references a secret (checked and refused where not allowed, by {@link #names}). */
    static boolean any(Map<ConfigKey, String> values) {
        boolean any = false;
        for (Map.Entry<ConfigKey, String> e : values.entrySet()) {
            any |= !names(e.getKey(), e.getValue()).isEmpty();
        }
        return any;
    }

    /**
     * Replaces every reference in {@code values} with the secret's CURRENT value from {@code lookup} (empty when the
     * secret does not exist).
     *
     * @throws ConfigException naming the key and the secret, never a value
     */
    static Map<ConfigKey, String> substitute(Map<ConfigKey, String> values, Function<String, Optional<String>> lookup) {
        Map<ConfigKey, String> resolved = new EnumMap<>(ConfigKey.class);
        for (Map.Entry<ConfigKey, String> e : values.entrySet()) {
            String value = e.getValue();
            for (String name : names(e.getKey(), value)) {
                String secret = lookup.apply(name)
                        .orElseThrow(() ->
                                new ConfigException("config key '" + e.getKey().key()
                                        + "' references secret '" + name
                                        + "', which does not exist (create it with: warden secret put "
                                        + name + ")"));
                value = value.replace("${secret:" + name + "}", secret);
            }
            resolved.put(e.getKey(), value);
        }
        return resolved;
    }
}
