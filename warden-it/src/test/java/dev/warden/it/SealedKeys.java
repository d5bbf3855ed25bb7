package dev.warden.it;

import dev.warden.node.SealedKeyFiles;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.node.kms.MasterKeys;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Opens a test node's sealed private key as the node does, with the master key behind the passphrase the node
 * generated: for tests that play an attacker who has the passphrase too, or that sign as the node would.
 */
final class SealedKeys {
    private SealedKeys() {}

    /** A key of a node of the default region eu-west-1. */
    static PrivateKey open(Path dataDir, String file) {
        return open(dataDir, "eu-west-1", file);
    }

    /** {@code file} is the key's name under DATA/pki, e.g. {@code token-signing.key}; keys are sealed per region. */
    static PrivateKey open(Path dataDir, String region, String file) {
        var config =
                ConfigLoader.load(Map.of(ConfigKey.DATA, dataDir.toString(), ConfigKey.REGION, region), Map.of(), null);
        var masterKey = MasterKeys.openOrCreate(config, Map.of(), new SecureRandom());
        return new SealedKeyFiles(masterKey).read(dataDir.resolve("pki").resolve(file));
    }
}
