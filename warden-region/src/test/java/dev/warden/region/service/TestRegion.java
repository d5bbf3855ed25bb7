package dev.warden.region.service;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.AuditLog;
import dev.warden.audit.AuditSettings;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.Pem;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.region.core.RegionNode;
import dev.warden.region.link.LinkIdentity;
import dev.warden.region.link.LinkServer;
import dev.warden.region.store.RegionStore;
import dev.warden.storage.Database;
import dev.warden.testkit.FreePorts;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One region for tests: its own database (SQLite), CA hierarchy, audit trail and running {@link Regions}. */
final class TestRegion implements AutoCloseable {
    static final String ACCOUNT = "default";

    final String name;
    final Database database;
    final CaHierarchy hierarchy;
    final AuditStore auditStore;
    final AuditLog auditLog;
    final NodeAudit audit;
    final RegionStore store;
    final Regions regions;
    final AtomicInteger applied = new AtomicInteger();
    /** This region's audit-signing key list, as a node publishes it (a rotation replaces it). */
    final AtomicReference<AuditKeys> auditKeyList = new AtomicReference<>();

    TestRegion(Path dir, String name) {
        this(dir, name, "");
    }

    /** @param db a PostgreSQL URL, or empty for SQLite under {@code dir/name} */
    TestRegion(Path dir, String name, String db) {
        this(dir, name, db, true);
    }

    /** @param rootKeyOnline false: the region's root cannot sign (kept offline), so it cross-certifies nothing */
    TestRegion(Path dir, String name, String db, boolean rootKeyOnline) {
        this.name = name;
        database = Database.open(db, dir.resolve(name));
        hierarchy = CaHierarchyBuilder.create(new CaNames(name, ACCOUNT), new SoftwareKeySource(), Clock.systemUTC());
        auditStore = new AuditStore(database);
        KeyPair auditKeys = keys();
        auditKeyList.set(AuditKeys.first(name, Pem.encodePublicKey(auditKeys.getPublic()), Instant.now()));
        auditLog = new AuditLog(
                        auditStore,
                        name,
                        new DigestSigner(auditKeys.getPrivate(), auditKeys.getPublic()),
                        new AuditSettings(1000, 10, 20, Duration.ofHours(1), Duration.ofSeconds(10)),
                        Clock.systemUTC())
                .start();
        audit = new NodeAudit(auditLog, "node-1");
        store = new RegionStore(database);
        int port = FreePorts.next();
        KeyPair iam = keys();
        LocalNode local = LinkIdentity.issue(
                hierarchy,
                new RegionNode(ACCOUNT, name, "node-1"),
                "https://localhost:" + port,
                "mqtts://localhost:8883",
                Clock.systemUTC(),
                new SecureRandom());
        if (!rootKeyOnline) {
            local = new LocalNode(
                    local.identity(),
                    local.linkUrl(),
                    local.mqttUrl(),
                    local.root(),
                    local.linkKey(),
                    local.chain(),
                    r -> {
                        throw new dev.warden.pki.PkiException(dev.warden.pki.PkiReason.CA_NOT_AVAILABLE, "offline");
                    });
        }
        regions = Regions.start(
                store,
                local,
                new ChangeSigner(iam.getPrivate(), iam.getPublic()),
                audit,
                new LinkServer.Settings("127.0.0.1", port),
                applied::incrementAndGet,
                new SecureRandom(),
                Clock.systemUTC());
        regions.startCentralAudit(auditStore, auditKeyList::get);
    }

    /**
     * Rotates the audit-signing key as a node does: the rotation recorded in the trail, a checkpoint by the old key
     * that covers it, then the new key signs and the published key list names it.
     */
    void rotateAuditKey() {
        KeyPair next = keys();
        String pem = Pem.encodePublicKey(next.getPublic());
        DigestSigner signer = new DigestSigner(next.getPrivate(), next.getPublic());
        audit.recordDurable(audit.event("audit:RotateSigningKey")
                .resource(dev.warden.audit.AuditArns.trail(name))
                .detail("stage", "switch")
                .detail("oldKeyId", auditKeyList.get().current().keyId())
                .detail("newKeyId", signer.keyId()));
        auditLog.rotateSigner(
                signer, lastOld -> auditKeyList.set(auditKeyList.get().rotated(pem, lastOld, Instant.now())));
    }

    /** The actions of this region's audit trail, in order. */
    List<AuditEvent> events(String prefix) {
        auditLog.flushAndSign();
        List<AuditEvent> events = new ArrayList<>();
        auditStore.forEach(
                name,
                1,
                Long.MAX_VALUE,
                it -> it.forEachRemaining(e -> {
                    if (e.event().action().startsWith(prefix)) {
                        events.add(e.event());
                    }
                }));
        return events;
    }

    void execute(String sql) {
        database.jdbi().useHandle(h -> h.execute(sql));
    }

    long count(String sql) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        regions.close();
        auditLog.close();
        database.close();
    }

    static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
