package dev.warden.node;

import dev.warden.audit.AuditIntegrity;
import dev.warden.audit.AuditLog;
import dev.warden.audit.AuditSettings;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.anchor.AnchorFile;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.anchor.AnchorSinks;
import dev.warden.audit.store.AuditStore;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.witness.WitnessAnchor;
import dev.warden.pki.KeySource;
import dev.warden.storage.Database;
import java.time.Clock;

/**
 * The node's audit trail, wired: its signing keys, the anchor file, the witness (when configured), the seal key and
 * the started writer. Pieces are kept as they are created, so that {@link #close} closes whatever a failed start
 * had opened.
 */
final class NodeAuditTrail {
    private final WardenConfig config;
    private AuditSigningKeys keys;
    private DigestSigner signer;
    private AuditStore store;
    private AnchorFile anchorFile;
    private WitnessAnchor witness;
    private AuditLog log;

    NodeAuditTrail(WardenConfig config) {
        this.config = config;
    }

    /** Opens the keys and anchors, checks the trail against them and starts the writer. */
    NodeAuditTrail start(
            Database database, NodeLayout layout, KeySource keySource, SealedKeyFiles keyFiles, Clock clock) {
        keys = AuditSigningKeys.open(layout, keySource, keyFiles, config.region(), clock);
        signer = keys.currentSigner();
        store = new AuditStore(database);
        anchorFile = AnchorFile.open(config.audit().anchorDir(), config.region());
        witness = config.audit().witness().enabled()
                ? WitnessAnchor.start(
                        config.audit().witness(),
                        config.region(),
                        store,
                        NodeInitializer.read(layout.auditPublicKey()),
                        layout.rootCertificate(),
                        anchorFile::cosignature)
                : null;
        // Every key is anchored before it signs: a trail re-signed under another key shows against the anchor.
        keys.anchorMissing(anchorFile, AnchorLog.read(config.audit().anchorDir(), config.region()));
        AuditIntegrity integrity = new AuditIntegrity(
                config.audit().node(),
                AuditSealKey.openOrCreate(layout.auditSealKey(), keyFiles, config.region()),
                witness == null ? anchorFile : AnchorSinks.of(anchorFile, witness),
                () -> AnchorLog.read(config.audit().anchorDir(), config.region()));
        log = new AuditLog(
                        store,
                        config.region(),
                        signer,
                        integrity,
                        new AuditSettings(
                                AuditSettings.DEFAULTS.queueCapacity(),
                                AuditSettings.DEFAULTS.maxBatch(),
                                config.audit().digestEveryEvents(),
                                config.audit().digestInterval(),
                                AuditSettings.DEFAULTS.durableTimeout()),
                        clock)
                .start();
        return this;
    }

    AuditSigningKeys keys() {
        return keys;
    }

    /** The key that signed checkpoints when the node started. */
    DigestSigner signer() {
        return signer;
    }

    AuditStore store() {
        return store;
    }

    AnchorFile anchorFile() {
        return anchorFile;
    }

    /** The witness, or {@code null} when none is configured. */
    WitnessAnchor witness() {
        return witness;
    }

    AuditLog log() {
        return log;
    }

    /** The writer (so the last admin events are in its final signed digest), then the witness and the anchor file. */
    void close() {
        if (log != null) {
            log.close();
        }
        if (witness != null) {
            witness.close();
        }
        if (anchorFile != null) {
            anchorFile.close();
        }
    }
}
