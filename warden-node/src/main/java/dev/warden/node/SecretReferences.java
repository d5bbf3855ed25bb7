package dev.warden.node;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.SecretLabel;
import dev.warden.kms.SecretsManager;
import dev.warden.node.config.ConfigException;
import java.util.Optional;

/** How a {@code ${secret:NAME}} in the configuration is read: the secret's CURRENT value, each read audited. */
final class SecretReferences {
    private SecretReferences() {}

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
