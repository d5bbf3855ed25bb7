package dev.warden.monitor.mitigation;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditLog;
import dev.warden.audit.AuditSettings;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.storage.Database;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real audit trail on the test's database, and what it holds. */
final class TestTrail implements AutoCloseable {
    static final String REGION = "eu-west-1";

    final AuditStore store;
    final AuditLog log;
    final NodeAudit audit;

    TestTrail(Database database) {
        store = new AuditStore(database);
        log = new AuditLog(
                        store,
                        REGION,
                        new DigestSigner(KEYS.getPrivate(), KEYS.getPublic()),
                        new AuditSettings(1000, 10, 20, Duration.ofHours(1), Duration.ofSeconds(10)),
                        Clock.systemUTC())
                .start();
        audit = new NodeAudit(log, "node-1");
    }

    /** Every event of the trail whose action starts with {@code prefix}, in order. */
    List<AuditEvent> events(String prefix) {
        log.flushAndSign();
        List<AuditEvent> events = new ArrayList<>();
        store.forEach(
                REGION,
                1,
                Long.MAX_VALUE,
                it -> it.forEachRemaining(e -> {
                    if (e.event().action().startsWith(prefix)) {
                        events.add(e.event());
                    }
                }));
        return events;
    }

    @Override
    public void close() {
        log.close();
    }

    private static final KeyPair KEYS = keys();

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
