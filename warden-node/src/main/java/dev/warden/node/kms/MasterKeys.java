package dev.warden.node.kms;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.MasterKey;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.kms.masterkey.Pkcs11MasterKey;
import dev.warden.node.NodeLayout;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.Pkcs11Token;
import dev.warden.pki.PkiException;
import dev.warden.storage.SecureFiles;
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
        if (config.kmsMasterKeyInHsm()) {
            return openInHsm(config);
        }
        NodeLayout layout = new NodeLayout(config.dataDir());
        Path file = layout.masterKey(config.region());
        boolean firstStart = !Files.exists(file);
        SecureFiles.createPrivateDirectory(layout.kmsDir());
        char[] passphrase = MasterKeyPassphrase.resolve(config, env, layout, firstStart, random);
        try {
            if (!firstStart) {
                return MasterKeyFile.open(file, passphrase);
            }
            MasterKey created = MasterKeyFile.create(file, config.region(), passphrase, config.masterKeyKdf());
            LOG.info("created the KMS master key of region {} in {} (mode 0600)", config.region(), file);
            return created;
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /**
     * The master key inside the PKCS#11 token that {@code kms-hsm} names (generated there on first start, never
     * extractable). The PIN is cleared once logged in.
     */
    private static MasterKey openInHsm(WardenConfig config) {
        Pkcs11Token token;
        try {
            token = Pkcs11Token.resolve(config.kmsHsm());
        } catch (PkiException e) {
            throw new KmsException(KmsReason.MASTER_KEY_UNAVAILABLE, "kms-hsm: " + e.getMessage());
        }
        char[] pin = token.pin();
        try {
            MasterKey key = Pkcs11MasterKey.openSlot(token.modulePath(), token.slotId(), pin, config.region());
            LOG.info(
                    "KMS master key of region {} is in the PKCS#11 token at slot {} ({})",
                    config.region(),
                    token.slotId(),
                    key.keyId());
            return key;
        } finally {
            Arrays.fill(pin, '\0');
        }
    }
}
