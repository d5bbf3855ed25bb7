package dev.warden.node;

import dev.warden.api.ReadinessProbe;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.NodeAudit;
import dev.warden.kms.MasterKey;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.KeySource;
import dev.warden.pki.Pkcs11KeySource;
import dev.warden.pki.store.CaStore;
import dev.warden.policy.Arn;
import dev.warden.storage.Database;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every other part stands on: the master key, the data directory's lock, storage (initialized on first start),
 * the sealed key files and the CA hierarchy, then the audit trail. Each is kept as soon as it is opened, so that
 * {@link #close()} after a failed {@link #open} closes exactly what was opened.
 */
final class NodeStorage implements AutoCloseable {
    // Under the node's logger, as before the split, so that operators' log filters still match.
    private static final Logger LOG = LoggerFactory.getLogger(WardenNode.class);

    private final WardenConfig config;
    private final Clock clock;
    private MasterKey masterKey;
    private NodeLock lock;
    private Database database;
    private KeySource keys;
    private NodeLayout layout;
    private SealedKeyFiles keyFiles;
    private CaHierarchy hierarchy;
    private NodeAuditTrail auditTrail;
    private NodeAudit audit;

    NodeStorage(WardenConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Master key, the data directory's lock, storage, the CAs, then the audit trail (watched by readiness). */
    NodeStorage open(SecureRandom random, ReadinessProbe readiness) {
        NodeInitializer initializer = new NodeInitializer(config, clock, random);
        // First, so that a missing or wrong passphrase stops the node before anything is opened.
        masterKey = initializer.masterKey();
        lock = NodeLock.acquire(config.dataDir());
        database = Database.open(config.db(), config.dataDir());
        StorageRecord.of(database.location(), config.db()).write(config.dataDir());
        keys = NodeInitializer.keySource(config);
        NodeInitializer.Result initialized = initializer.initialize(database, keys, masterKey);
        layout = new NodeLayout(config.dataDir());
        // Every private key under pki/ is sealed under the master key; each is decrypted in memory only.
        keyFiles = new SealedKeyFiles(masterKey);
        hierarchy =
                CaStore.load(layout.pkiDir(), config.region(), keys instanceof Pkcs11KeySource ? keys : null, keyFiles);

        auditTrail = new NodeAuditTrail(config);
        auditTrail.start(database, layout, keys, keyFiles, clock);
        audit = new NodeAudit(auditTrail.log(), config.audit().node());
        readiness.watchAudit(auditTrail.log()::unhealthyReason);
        for (String policy : initialized.updatedBuiltInPolicies()) {
            // Made before the trail opened; every change leaves evidence, so it is recorded as soon as it can be.
            audit.recordDurable(audit.event("iam:UpdateBuiltInPolicy")
                    .principal(AuditPrincipal.SYSTEM)
                    .resource(Arn.iam(config.account(), "policy/" + policy).toString())
                    .detail("reason", "the stored document was an older release's"));
        }
        return this;
    }

    MasterKey masterKey() {
        return masterKey;
    }

    /** Where the CA keys are: the node's HSM (a {@link Pkcs11KeySource}) or sealed files. */
    KeySource keys() {
        return keys;
    }

    Database database() {
        return database;
    }

    NodeLayout layout() {
        return layout;
    }

    SealedKeyFiles keyFiles() {
        return keyFiles;
    }

    CaHierarchy hierarchy() {
        return hierarchy;
    }

    NodeAuditTrail auditTrail() {
        return auditTrail;
    }

    NodeAudit audit() {
        return audit;
    }

    /** The audit trail (its final signed digest), the lock, storage, then the HSM sessions. */
    @Override
    public void close() {
        if (auditTrail != null) {
            auditTrail.close();
        }
        if (lock != null) {
            lock.close();
        }
        if (database != null) {
            database.close();
        }
        closeHsmSession(masterKey, "the KMS master key's HSM session");
        closeHsmSession(keys, "the HSM session");
    }

    private static void closeHsmSession(Object part, String what) {
        if (part instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", what, e);
            }
        }
    }
}
