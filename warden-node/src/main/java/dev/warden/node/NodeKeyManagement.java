package dev.warden.node;

import dev.warden.kms.HsmKeyStore;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.SecretsManager;
import dev.warden.kms.hsm.Pkcs11HsmKeyStore;
import dev.warden.kms.node.AuditedKmsEvents;
import dev.warden.kms.node.DefaultKey;
import dev.warden.kms.node.KmsMaintenance;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.Pkcs11KeySource;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The region's key management as the node opens it, before anything that encrypts: the KMS (its events audited, its
 * HSM keys in the node's own HSM when it has one), refused unless the master key opens the key hierarchy; the secrets
 * manager on the KMS's default key; and the KMS's periodic maintenance. A record so that {@link WardenNode} keeps the
 * three together without knowing how they are made.
 */
record NodeKeyManagement(KeyManagementService kms, SecretsManager secrets, KmsMaintenance maintenance) {

    static NodeKeyManagement open(
            NodeStorage storage, WardenConfig config, ScheduledExecutorService scheduler, Clock clock) {
        // Keys of origin HSM live in the node's HSM, the token that holds the CA keys (hsm), when it has one.
        HsmKeyStore hsm =
                storage.keys() instanceof Pkcs11KeySource token ? new Pkcs11HsmKeyStore(token) : HsmKeyStore.NONE;
        KeyManagementService kms = new KeyManagementService(
                storage.database(),
                storage.masterKey(),
                config.region(),
                clock,
                new AuditedKmsEvents(storage.audit()),
                hsm);
        kms.requireMasterKeyOpensHierarchy();
        return new NodeKeyManagement(
                kms, new SecretsManager(storage.database(), kms, DefaultKey.NAME), new KmsMaintenance(kms, scheduler));
    }
}
