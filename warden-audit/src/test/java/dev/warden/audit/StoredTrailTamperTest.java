package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes a real trail through {@link AuditLog} into SQLite and PostgreSQL, then tampers with the rows directly in
 * the database, as an attacker with database access would, and checks that verification names the broken link.
 */
@Tag("postgresql")
class StoredTrailTamperTest {
    private static final KeyPair KEYS = TestChains.keyPair();
    private static final String REGION = TestChains.REGION;
    private static final int EVENTS = 120;

    @TempDir
    Path dir;

    private Database database;

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql");
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    /** A trail of 120 events, signed every 50 (the last 20 are the unsigned tail until close signs them). */
    private AuditStore trail(String backend) {
        database = Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dir);
        AuditStore store = new AuditStore(database);
        AuditSettings settings = new AuditSettings(1000, 7, 50, Duration.ofHours(1), Duration.ofSeconds(10));
        try (AuditLog log = new AuditLog(
                        store,
                        REGION,
                        new DigestSigner(KEYS.getPrivate(), KEYS.getPublic()),
                        settings,
                        Clock.systemUTC())
                .start()) {
            for (int i = 1; i <= EVENTS; i++) {
                if (i % 10 == 0) {
                    log.recordDurable(TestChains.event(i));
                } else {
                    assertThat(log.record(TestChains.event(i))).isTrue();
                }
            }
        }
        return store;
    }

    private VerificationReport verify(AuditStore store) {
        return new StoredTrailVerifier(store, KEYS.getPublic()).verify(REGION, null, null);
    }

    private String eventIdAt(long seq) {
        return database.read(h -> h.createQuery("SELECT event_id FROM audit_events WHERE seq = :s")
                .bind("s", seq)
                .mapTo(String.class)
                .one());
    }

    private void sql(String statement) {
        database.jdbi().useHandle(h -> h.execute(statement));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anUntouchedTrailVerifiesAndIsFullySigned(String backend) {
        AuditStore store = trail(backend);
        VerificationReport report = verify(store);
        assertThat(report.intact()).as(report.problems().toString()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(EVENTS);
        assertThat(report.unsignedTail()).isZero();
        assertThat(report.digestsChecked()).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anEditedFieldIsNamed(String backend) {
        AuditStore store = trail(backend);
        String id = eventIdAt(37);
        sql("UPDATE audit_events SET result = 'ALLOW', source_ip = '203.0.113.9' WHERE seq = 37");
        VerificationProblem first = verify(store).firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.MODIFIED);
        assertThat(first.eventId()).isEqualTo(id);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aDeletedEventIsNamedByItsSuccessor(String backend) {
        AuditStore store = trail(backend);
        String successor = eventIdAt(61);
        sql("DELETE FROM audit_events WHERE seq = 60");
        VerificationProblem first = verify(store).firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.DELETED);
        assertThat(first.seq()).isEqualTo(61);
        assertThat(first.eventId()).isEqualTo(successor);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anInsertedEventIsNamed(String backend) {
        AuditStore store = trail(backend);
        // Make room at seq 45 (two steps, so the primary key never collides), then copy a row in with a new id.
        sql("UPDATE audit_events SET seq = -seq - 1 WHERE seq >= 45");
        sql("UPDATE audit_events SET seq = -seq WHERE seq < 0");
        sql("INSERT INTO audit_events (region, seq, event_id, time_ns, node, principal_type, principal_id, "
                + "principal_credential, source_ip, action, resource, result, deciding_statement, request_id, details, hash) "
                + "SELECT region, 45, 'forged-event', time_ns, node, principal_type, 'mallory', principal_credential, "
                + "source_ip, action, resource, 'ALLOW', deciding_statement, request_id, details, hash "
                + "FROM audit_events WHERE seq = 44");
        VerificationProblem first = verify(store).firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.INSERTED);
        assertThat(first.eventId()).isEqualTo("forged-event");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void swappedRowsAreReportedAsReordered(String backend) {
        AuditStore store = trail(backend);
        String laterEvent = eventIdAt(81);
        sql("UPDATE audit_events SET seq = -1 WHERE seq = 80");
        sql("UPDATE audit_events SET seq = 80 WHERE seq = 81");
        sql("UPDATE audit_events SET seq = 81 WHERE seq = -1");
        VerificationProblem first = verify(store).firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.REORDERED);
        assertThat(first.eventId()).isEqualTo(laterEvent);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aTruncatedTailIsCaught(String backend) {
        AuditStore store = trail(backend);
        sql("DELETE FROM audit_events WHERE seq > 110");
        VerificationProblem first = verify(store).firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.TRUNCATED);
        assertThat(first.seq()).isEqualTo(111);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aForgedOrMissingDigestIsCaught(String backend) {
        AuditStore store = trail(backend);
        sql("UPDATE audit_digests SET head_hash = '" + "00".repeat(32) + "' WHERE digest_seq = 2");
        assertThat(verify(store).problems())
                .extracting(VerificationProblem::kind)
                .contains(ProblemKind.DIGEST_SIGNATURE_INVALID);
        sql("DELETE FROM audit_digests WHERE digest_seq = 2");
        assertThat(verify(store).problems())
                .extracting(VerificationProblem::kind)
                .contains(ProblemKind.DIGEST_CHAIN_BROKEN);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aWindowIsVerifiedFromItsAnchor(String backend) {
        AuditStore store = trail(backend);
        long from = TestChains.event(30).timeNanos();
        long to = TestChains.event(90).timeNanos();
        VerificationReport report = new StoredTrailVerifier(store, KEYS.getPublic()).verify(REGION, from, to);
        assertThat(report.intact()).as(report.problems().toString()).isTrue();
        // Admin (durable) events may overtake queued data-plane events, so seq order is commit order, not time order.
        long first = database.read(h -> h.createQuery("SELECT MIN(seq) FROM audit_events WHERE time_ns >= :t")
                .bind("t", from)
                .mapTo(Long.class)
                .one());
        long last = database.read(h -> h.createQuery("SELECT MAX(seq) FROM audit_events WHERE time_ns < :t")
                .bind("t", to)
                .mapTo(Long.class)
                .one());
        assertThat(report.firstSeq()).isEqualTo(first);
        assertThat(report.lastSeq()).isEqualTo(last);
        assertThat(report.eventsChecked()).isEqualTo(last - first + 1);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aLongTrailIsVerifiedInPiecesAndStillNamesEachBrokenLink(String backend) {
        database = Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dir);
        AuditStore store = new AuditStore(database);
        DigestSigner signer = new DigestSigner(KEYS.getPrivate(), KEYS.getPublic());
        HashChain chain = new HashChain();
        String hash = HashChain.GENESIS;
        AuditDigest last = null;
        int total = 120_000;
        for (int from = 1; from <= total; from += 10_000) {
            List<ChainedEvent> batch = new java.util.ArrayList<>();
            for (int seq = from; seq < from + 10_000; seq++) {
                AuditEvent e = TestChains.event(seq);
                hash = chain.link(hash, e);
                batch.add(new ChainedEvent(seq, e, hash));
            }
            last = signer.sign(new AuditDigest(
                    REGION,
                    last == null ? 1 : last.digestSeq() + 1,
                    from,
                    from + 9_999,
                    hash,
                    last == null ? HashChain.GENESIS : last.hash(),
                    from,
                    signer.keyId(),
                    null));
            store.append(batch, last);
        }
        VerificationReport intact = verify(store);
        assertThat(intact.intact()).as(intact.problems().toString()).isTrue();
        assertThat(intact.eventsChecked()).isEqualTo(total);

        String edited = eventIdAt(90_001);
        sql("UPDATE audit_events SET action = 'iot:Publish' WHERE seq = 90001");
        VerificationReport modified = verify(store);
        assertThat(modified.eventsChecked()).isEqualTo(total);
        assertThat(modified.firstProblem().orElseThrow().eventId()).isEqualTo(edited);
        assertThat(modified.firstProblem().orElseThrow().kind()).isEqualTo(ProblemKind.MODIFIED);

        // A row missing exactly where two pieces would meet is still reported as the gap it is.
        String successor = eventIdAt(60_001);
        sql("DELETE FROM audit_events WHERE seq = 60000");
        VerificationProblem first = verify(store).firstProblem().orElseThrow();
        assertThat(first.kind()).isEqualTo(ProblemKind.DELETED);
        assertThat(first.eventId()).isEqualTo(successor);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aTrailThatCannotWriteRefusesDurableEventsAndRecovers(String backend) {
        database = Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dir);
        AuditStore store = new AuditStore(database);
        AuditSettings settings = new AuditSettings(100, 10, 1000, Duration.ofHours(1), Duration.ofSeconds(3));
        try (AuditLog log = new AuditLog(
                        store,
                        REGION,
                        new DigestSigner(KEYS.getPrivate(), KEYS.getPublic()),
                        settings,
                        Clock.systemUTC())
                .start()) {
            assertThat(log.recordDurable(TestChains.event(1))).isEqualTo(1);
            sql("ALTER TABLE audit_events RENAME TO audit_events_away");
            AuditEvent second = TestChains.event(2);
            assertThatThrownBy(() -> log.recordDurable(second))
                    .isInstanceOf(AuditUnavailableException.class)
                    // The failure is reported without the statement or the event's values (they would reach the log).
                    .satisfies(e -> assertThat(String.valueOf(e.getCause().getMessage()))
                            .doesNotContain("INSERT")
                            .doesNotContain(second.eventId())
                            .doesNotContain("req-2"));
            assertThat(log.healthy()).isFalse();
            assertThatThrownBy(() -> log.recordDurable(TestChains.event(3)))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("not carried out");
            sql("ALTER TABLE audit_events_away RENAME TO audit_events");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!log.healthy() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(log.healthy()).isTrue();
            // The recovery is itself recorded (seq 2, with its cause): a commit of an event proved the store works.
            assertThat(log.recordDurable(TestChains.event(4))).isEqualTo(3);
        }
        String recovered = database.read(h -> h.createQuery("SELECT action FROM audit_events WHERE seq = 2")
                .mapTo(String.class)
                .one());
        assertThat(recovered).isEqualTo(AuditLog.RECOVERED_ACTION);
        VerificationReport report = verify(store);
        assertThat(report.intact()).as(report.problems().toString()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(3);
        assertThat(List.of(report.unsignedTail())).containsExactly(0L);
    }
}
