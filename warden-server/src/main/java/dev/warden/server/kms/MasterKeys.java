package dev.warden.server.kms;

import dev.warden.kms.MasterKey;
import dev.warden.kms.MasterKeyFile;
import dev.warden.server.config.WardenConfig;
import dev.warden.server.node.NodeLayout;
import dev.warden.server.node.SecureFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The region's master key file {@code DATA/kms/master-<region>.key}: created on first start, opened afterwards. */
public final class MasterKeys {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeys.class);

    private MasterKeys() {}

    /**
     * Opens the region's master key, creating it (mode 0600) on first start with the passphrase of
     * {@link MasterKeyPassphrase}.
     *
     * @throws dev.warden.kms.KmsException {@code WRONG_PASSPHRASE} or {@code MASTER_KEY_UNAVAILABLE} when it cannot
     *                                     be opened: the node does not start without its master key
     */
    public static MasterKey openOrCreate(WardenConfig config, Map<String, String> env, SecureRandom random) {
        NodeLayout layout = new NodeLayout(config.dataDir());
        Path file = layout.masterKey(config.region());
        boolean firstStart = !Files.exists(file);
        SecureFiles.createPrivateDirectory(layout.kmsDir());
        char[] passphrase = MasterKeyPassphrase.resolve(config, env, layout, firstStart, random);
        try {
            if (!firstStart) {
                return MasterKeyFile.open(file, passphrase);
            }
            MasterKey created = MasterKeyFile.create(file, config.region(), passphrase);
            LOG.info("created the KMS master key of region {} in {} (mode 0600)", config.region(), file);
            return created;
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }
}
