package dev.warden.compliance.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Fix;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compliance's tables behave the same on both backends: the same SQL, the same answers. */
@Tag("postgresql")
class ComplianceStorageTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql");
    }

    private static Database open(String backend, Path dir) {
        return Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dir);
    }

    private static Finding finding(CheckId check, String resource, Severity severity, Optional<Fix> fix) {
        return new Finding(check, resource, severity, "REASON", "detail of " + resource, "do this", fix);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void findingsAreWrittenRefreshedSuppressedAndResolved(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            Fix fix = new Fix(
                    "warden bucket policy-delete b", "DELETE", "/buckets/b/policy", "warden:DeleteBucketPolicy", null);
            Finding bucket = finding(CheckId.BUCKET_PUBLIC, "arn:b", Severity.CRITICAL, Optional.of(fix));
            Finding key = finding(CheckId.KMS_KEY_ROTATION_OVERDUE, "arn:k", Severity.MEDIUM, Optional.empty());
            db.useTransaction(h -> new FindingDao(h)
                    .insert(List.of(
                            new FindingDao.NewRow(1, bucket, FindingStatus.OPEN, Optional.empty(), NOW),
                            new FindingDao.NewRow(2, key, FindingStatus.OPEN, Optional.empty(), NOW))));

            StoredFinding read = db.read(h -> new FindingDao(h).find(1)).orElseThrow();
            assertThat(read.finding()).isEqualTo(bucket);
            assertThat(read.status()).isEqualTo(FindingStatus.OPEN);
            assertThat(read.firstSeen()).isEqualTo(NOW);
            assertThat(db.read((Handle h) -> new FindingDao(h).openBySeverity()))
                    .containsEntry(Severity.CRITICAL, 1)
                    .containsEntry(Severity.MEDIUM, 1)
                    .containsEntry(Severity.LOW, 0);

            SuppressionRule rule = new SuppressionRule(
                    1,
                    Optional.of(2L),
                    Optional.of(CheckId.KMS_KEY_ROTATION_OVERDUE),
                    "arn:k",
                    "rotated by hand yearly",
                    "user:alice",
                    NOW.plus(Duration.ofDays(30)),
                    false,
                    NOW);
            db.useTransaction(h -> {
                new SuppressionDao(h).insert(rule);
                new FindingDao(h).suppress(Map.of(2L, 1L));
                new FindingDao(h).touch(Set.of(CheckId.BUCKET_PUBLIC), NOW.plusSeconds(60));
            });
            StoredFinding suppressed = db.read(h -> new FindingDao(h).find(2)).orElseThrow();
            assertThat(suppressed.status()).isEqualTo(FindingStatus.SUPPRESSED);
            assertThat(suppressed.suppression()).hasValueSatisfying(s -> {
                assertThat(s.reason()).isEqualTo("rotated by hand yearly");
                assertThat(s.owner()).isEqualTo("user:alice");
                assertThat(s.baseline()).isFalse();
            });
            assertThat(db.read((Handle h) -> new FindingDao(h).find(1))
                            .orElseThrow()
                            .lastSeen())
                    .isEqualTo(NOW.plusSeconds(60));
            assertThat(db.read((Handle h) -> new FindingDao(h).lapsedSuppressions(NOW.plus(Duration.ofDays(31)))))
                    .extracting(StoredFinding::id)
                    .containsExactly(2L);
            assertThat(db.read((Handle h) -> new SuppressionDao(h).unexpired(NOW)))
                    .containsExactly(rule);

            db.useTransaction(h -> new FindingDao(h).resolve(List.of(1L), NOW.plusSeconds(120)));
            StoredFinding resolved = db.read(h -> new FindingDao(h).find(1)).orElseThrow();
            assertThat(resolved.status()).isEqualTo(FindingStatus.RESOLVED);
            assertThat(resolved.resolvedAt()).contains(NOW.plusSeconds(120));
            assertThat(db.read((Handle h) -> new FindingDao(h).active(EnumSet.allOf(CheckId.class))))
                    .extracting(StoredFinding::id)
                    .containsExactly(2L);

            List<StoredFinding> released = db.inTransaction(h -> {
                new SuppressionDao(h).delete(1);
                return new FindingDao(h).release(1);
            });
            assertThat(released).extracting(StoredFinding::id).containsExactly(2L);
            assertThat(db.read((Handle h) -> new FindingDao(h).find(2))
                            .orElseThrow()
                            .status())
                    .isEqualTo(FindingStatus.OPEN);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void findingsAreListedByStatusSeverityAndChecks(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(h -> new FindingDao(h)
                    .insert(List.of(
                            new FindingDao.NewRow(
                                    1,
                                    finding(CheckId.UNUSED_CREDENTIAL, "a", Severity.MEDIUM, Optional.empty()),
                                    FindingStatus.OPEN,
                                    Optional.empty(),
                                    NOW),
                            new FindingDao.NewRow(
                                    2,
                                    finding(CheckId.BUCKET_PUBLIC, "b", Severity.CRITICAL, Optional.empty()),
                                    FindingStatus.OPEN,
                                    Optional.empty(),
                                    NOW),
                            new FindingDao.NewRow(
                                    3,
                                    finding(CheckId.CA_KEY_NOT_IN_HSM, "c", Severity.LOW, Optional.empty()),
                                    FindingStatus.OPEN,
                                    Optional.empty(),
                                    NOW))));
            db.useTransaction(h -> new FindingDao(h).resolve(List.of(3L), NOW));

            assertThat(db.read((Handle h) -> new FindingDao(h).list(FindingFilter.activeOnly())))
                    .extracting(StoredFinding::id)
                    .containsExactly(2L, 1L); // most severe first
            assertThat(db.read((Handle h) -> new FindingDao(h)
                            .list(new FindingFilter(
                                    EnumSet.allOf(FindingStatus.class),
                                    Optional.of(Severity.LOW),
                                    Optional.empty(),
                                    10))))
                    .extracting(StoredFinding::id)
                    .containsExactly(3L);
            assertThat(db.read((Handle h) -> new FindingDao(h)
                            .list(new FindingFilter(
                                    Set.of(), Optional.empty(), Optional.of(Set.of(CheckId.UNUSED_CREDENTIAL)), 10))))
                    .extracting(StoredFinding::id)
                    .containsExactly(1L);
            assertThat(db.read((Handle h) -> new FindingDao(h)
                            .list(new FindingFilter(Set.of(), Optional.empty(), Optional.of(Set.of()), 10))))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void runsUsageTakeOversAndCursors(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            RunRecord run = new RunRecord(
                    1,
                    NOW,
                    "scheduled",
                    List.of(CheckId.BUCKET_PUBLIC, CheckId.CA_KEY_NOT_IN_HSM),
                    List.of(CheckId.CA_KEY_NOT_IN_HSM),
                    Duration.ofMillis(1234),
                    2,
                    1,
                    Map.of(Severity.CRITICAL, 1, Severity.LOW, 3));
            db.useTransaction(h -> new RunDao(h).insert(run));
            assertThat(db.read((Handle h) -> new RunDao(h).recent(NOW.minusSeconds(1), 10)))
                    .containsExactly(run);
            assertThat(run.historyPoint().open())
                    .containsEntry(Severity.HIGH, 0)
                    .containsEntry(Severity.LOW, 3);

            db.useTransaction(h ->
                    new TrailDao(h).recordUse(Map.of("cert/ab", new Instant[] {NOW, NOW.plusSeconds(5)})));
            db.useTransaction(h -> new TrailDao(h)
                    .recordUse(Map.of(
                            "cert/ab", new Instant[] {NOW.minusSeconds(5), NOW.plusSeconds(1)},
                            "user/alice", new Instant[] {NOW, NOW})));
            Map<String, Instant[]> usage = db.read(h -> new TrailDao(h).usage());
            assertThat(usage.get("cert/ab")).containsExactly(NOW.minusSeconds(5), NOW.plusSeconds(5));
            assertThat(usage).containsKey("user/alice");

            db.useTransaction(h -> new TrailDao(h)
                    .insertTakeovers(List.of(
                            new TrailDao.TakeoverRow(
                                    10, NOW.minusSeconds(100_000), "c", "t", "1", "ip", "t", "1", "ip2"),
                            new TrailDao.TakeoverRow(11, NOW, "c", "t", "1", "ip", "u", "2", "ip"))));
            db.useTransaction(h -> new TrailDao(h).deleteTakeoversBefore(NOW.minusSeconds(86_400)));
            assertThat(db.read((Handle h) -> new TrailDao(h).takeoversSince(NOW.minusSeconds(200_000))))
                    .extracting(TrailDao.TakeoverRow::seq)
                    .containsExactly(11L);

            db.useTransaction(h -> new TrailDao(h).setState("cursor", 5));
            db.useTransaction(h -> new TrailDao(h).setState("cursor", 9));
            assertThat(db.read((Handle h) -> new TrailDao(h).state("cursor"))).contains(9L);
            assertThat(db.read((Handle h) -> new TrailDao(h).state("other"))).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void resourcePatternsMatchWithStars() {
        assertThat(ResourcePattern.matches("arn:x:cert/*", "arn:x:cert/ab")).isTrue();
        assertThat(ResourcePattern.matches("arn:x:cert/*", "arn:x:cacert/ab")).isFalse();
        assertThat(ResourcePattern.matches("*/key/*", "arn:iam::a:service/etl/key/k1"))
                .isTrue();
        assertThat(ResourcePattern.matches("arn:x", "arn:x")).isTrue();
        assertThat(ResourcePattern.matches("a*a", "a")).isFalse();
    }
}
