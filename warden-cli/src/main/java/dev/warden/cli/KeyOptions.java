package dev.warden.cli;

import dev.warden.node.config.ConfigKey;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The node's region, account and where its keys live (CA keys, KMS master key). Mixed into {@code server},
 * {@code init} and {@code kms rotate-master-key} only, so that the other commands' help does not list them;
 * {@code WARDEN_*} and warden.yaml still set them everywhere.
 */
final class KeyOptions implements NodeOptions.Settings {
    @Option(names = "--region", description = "Region of this node (default eu-west-1).")
    String region;

    @Option(names = "--account", description = "Account (organization) of this node (default 'default').")
    String account;

    @Option(names = "--hsm", paramLabel = "PKCS11-URI", description = "Keep CA keys in a PKCS#11 HSM.")
    String hsm;

    @Option(
            names = "--kms-hsm",
            paramLabel = "PKCS11-URI",
            description =
                    "Keep the region's KMS master key in a PKCS#11 HSM (instead of the passphrase-protected file).")
    String kmsHsm;

    @Option(
            names = "--master-key-passphrase-file",
            paramLabel = "FILE",
            description =
                    "File holding the KMS master-key passphrase (else WARDEN_MASTER_KEY_PASSPHRASE or DATA/kms/master-passphrase).")
    Path masterKeyPassphraseFile;

    @Option(
            names = "--master-key-kdf",
            paramLabel = "m=KIB,t=N,p=N",
            description = "Argon2id cost of a new master-key file (default m=65536,t=3,p=1; at least m=19456).")
    String masterKeyKdf;

    @Override
    public void addTo(Map<ConfigKey, String> flags) {
        NodeOptions.put(flags, ConfigKey.REGION, region);
        NodeOptions.put(flags, ConfigKey.ACCOUNT, account);
        NodeOptions.put(flags, ConfigKey.HSM, hsm);
        NodeOptions.put(flags, ConfigKey.KMS_HSM, kmsHsm);
        NodeOptions.put(
                flags,
                ConfigKey.MASTER_KEY_PASSPHRASE_FILE,
                masterKeyPassphraseFile == null ? null : masterKeyPassphraseFile.toString());
        NodeOptions.put(flags, ConfigKey.MASTER_KEY_KDF, masterKeyKdf);
    }
}
