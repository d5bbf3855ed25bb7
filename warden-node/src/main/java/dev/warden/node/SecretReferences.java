package dev.warden.node;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.SecretLabel;
import dev.warden.kms.SecretsManager;
import dev.warden.node.config.ConfigException;
import dev.warden.node.config.ConfigLoader;
import dev.warden.node.config.WardenConfig;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a {@code ${secret:NAME}} in the configuration is read: the secret's CURRENT value, each read audited. */
final class SecretReferences {
    private static final Logger LOG = LoggerFactory.getLogger(WardenNode.class);

    private SecretReferences() {}

    /**
     * {@code config} with {@code ${secret:NAME}} in its values replaced by each secret's CURRENT value (each read
     * audited as a secret read); a missing secret stops the node, naming the key and the secret. Values are never
     * logged.
     */
    static WardenConfig resolve(WardenConfig config, SecretsManager secrets) {
        if (!config.referencesSecrets()) {
            return config;
        }
        WardenConfig resolved = ConfigLoader.resolveSecrets(config, name -> current(secrets, name));
        LOG.info("Resolved the configuration's secret references from the secrets manager");
        return resolved;
    }

    /** The CURRENT value of {@code name}; empty when there is no such secret, a {@link ConfigException} when unreadable. */
    static Optional<String> current(SecretsManager secrets, String name) {
        try {
            return Optional.of(secrets.get(name, SecretLabel.CURRENT).value().asString());
        } catch (KmsException e) {
            if (e.reason() == KmsReason.SECRET_NOT_FOUND) {
                return Optional.empty();
            }
            throw new ConfigException(
                    "config references secret '" + name + "', which cannot be read (" + e.reason() + ")");
        }
    }
}
