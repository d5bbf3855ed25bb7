package dev.warden.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditLog;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.AuditResult;
import dev.warden.audit.AuditSettings;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.DigestSigner;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditQueriesTest {
    private static final String REGION = "eu-west-1";
    private static final String PUMP = "arn:warden:iot:eu-west-1:default:thing/pump-1";

    @TempDir
    Path dir;

    @Test
    void latestGivesTheNewestMatchingEventsNewestFirstAndQueryTheOldestFirst() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        try (Database db = Database.open(null, dir)) {
            AuditStore store = new AuditStore(db);
            AuditLog log = new AuditLog(
                            store,
                            REGION,
                            new DigestSigner(keys.getPrivate(), keys.getPublic()),
                            new AuditSettings(1_000, 10, 25, Duration.ofHours(1), Duration.ofSeconds(10)),
                            Clock.systemUTC())
                    .start();
            try {
                // GIVEN 30 events, every third about pump-1
                for (int i = 0; i < 30; i++) {
                    log.recordDurable(AuditEvent.builder(REGION, "node-1")
                            .principal(new AuditPrincipal("user", "alice", null))
                            .action("warden:UpdateThing")
                            .resource(i % 3 == 0 ? PUMP : "arn:warden:iot:eu-west-1:default:thing/valve-" + i)
                            .result(AuditResult.ALLOW)
                            .detail("n", i)
                            .build(System.currentTimeMillis() * 1_000_000L + i));
                }
                log.flushAndSign();
            } finally {
                log.close();
            }
            AuditQuery aboutPump = new AuditQuery(REGION, null, null, PUMP, null, null, null, 0, 4);

            // WHEN the newest four about pump-1 are asked for THEN they are n = 27, 24, 21, 18, in that order
            assertThat(store.latest(aboutPump))
                    .extracting(e -> Integer.parseInt(e.event().details().get("n")))
                    .containsExactly(27, 24, 21, 18);
            assertThat(store.latest(aboutPump))
                    .extracting(ChainedEvent::seq)
                    .isSortedAccordingTo(java.util.Comparator.reverseOrder());
            // AND a query reads from the start, as before
            assertThat(store.query(aboutPump))
                    .extracting(e -> Integer.parseInt(e.event().details().get("n")))
                    .containsExactly(0, 3, 6, 9);
        }
    }
}
