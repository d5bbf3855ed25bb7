package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.export.JsonLinesExport;
import dev.warden.audit.store.AuditArchiver;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Retention: archived segments verify on their own, the remaining chain still verifies, and a plain deletion does not. */
@Tag("postgresql")
class ArchiveTest {
    private static final KeyPair KEYS = TestChains.keyPair();

    @TempDir
    Path dir;

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void archivedSegmentsAndTheRestVerifyButAPlainDeletionIsCaught(String backend) throws Exception {
        try (Database database =
                Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dir)) {
            AuditStore store = new AuditStore(database);
            StoredTrailVerifier verifier = new StoredTrailVerifier(store, KEYS.getPublic());
            try (AuditLog log = new AuditLog(
                            store,
                            TestChains.REGION,
                            new DigestSigner(KEYS.getPrivate(), KEYS.getPublic()),
                            new AuditSettings(1000, 10, 25, Duration.ofHours(1), Duration.ofSeconds(10)),
                            Clock.systemUTC())
                    .start()) {
                AuditArchiver archiver = new AuditArchiver(store, log, "node-1", KEYS.getPublic());
                for (int i = 1; i <= 60; i++) {
                    log.recordDurable(TestChains.event(i));
                }
                AuditArchiver.Archive first = archiver.archive(
                                dir.resolve("archive"), Optional.of(1L), AuditPrincipal.SYSTEM)
                        .orElseThrow();
                assertThat(first.fromSeq()).isEqualTo(1);
                assertThat(first.toSeq()).isEqualTo(25);
                assertThat(store.firstSeq(TestChains.REGION)).contains(26L);
                for (int i = 61; i <= 80; i++) {
                    log.recordDurable(TestChains.event(i));
                }
                log.flushAndSign();
                AuditArchiver.Archive second = archiver.archive(
                                dir.resolve("archive"), Optional.empty(), AuditPrincipal.SYSTEM)
                        .orElseThrow();
                assertThat(second.fromSeq()).isEqualTo(26);

                for (AuditArchiver.Archive archive : new AuditArchiver.Archive[] {first, second}) {
                    try (var in = Files.newBufferedReader(archive.file())) {
                        VerificationReport report = JsonLinesExport.verify(in, TestChains.REGION, KEYS.getPublic());
                        assertThat(report.intact())
                                .as(report.problems().toString())
                                .isTrue();
                        assertThat(report.firstSeq()).isEqualTo(archive.fromSeq());
                    }
                }
                for (int i = 100; i <= 110; i++) {
                    log.recordDurable(TestChains.event(i));
                }
            }
            VerificationReport rest = verifier.verify(TestChains.REGION, null, null);
            assertThat(rest.intact()).as(rest.problems().toString()).isTrue();
            assertThat(rest.firstSeq()).isGreaterThan(26);

            // Removing the head without an archive record is a deletion, whatever boundary it picks.
            long head = store.firstSeq(TestChains.REGION).orElseThrow();
            database.jdbi().useHandle(h -> h.execute("DELETE FROM audit_events WHERE seq < " + (head + 3)));
            assertThat(store.firstSeq(TestChains.REGION)).contains(head + 3);
            VerificationProblem problem = verifier.verify(TestChains.REGION, null, null)
                    .firstProblem()
                    .orElseThrow();
            assertThat(problem.kind()).isEqualTo(ProblemKind.DELETED);
        }
    }
}
