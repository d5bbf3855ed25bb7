package dev.warden.monitor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.BaselineSnapshot;
import dev.warden.monitor.core.TargetKey;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Monitoring's tables behave the same on both backends: the same SQL, the same answers, doubles kept exactly. */
@Tag("postgresql")
class MonitorStorageTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql");
    }

    private static Database open(String backend, Path dir) {
        return Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dir);
    }

    private static StoredAlarm alarm(long id, String behaviour, String target, String severity, AlarmState state) {
        return new StoredAlarm(
                id,
                "p",
                behaviour,
                target,
                "num-authorization-failures",
                severity,
                state,
                0.1 + 0.2,
                "7 greater-than 5",
                NOW,
                NOW,
                Optional.empty(),
                Optional.empty(),
                1,
                Verification.UNKNOWN,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                420);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void profileUpdatesOnlyFromTheExpectedVersionAndVersionsAreKept(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(h -> {
                new ProfileDao(h).insert(new StoredProfile("p", "{\"v\":1}", 1, false, NOW, "alice", NOW, "alice"));
                new ProfileVersionDao(h)
                        .insert(new ProfileVersion("p", 1, "{\"v\":1}", ProfileChange.CREATE, "alice", NOW));
            });
            boolean stale = db.inTransaction(h -> new ProfileDao(h).update("p", 7, "{}", 8, NOW, "bob"));
            boolean fresh = db.inTransaction(h -> new ProfileDao(h).update("p", 1, "{\"v\":2}", 2, NOW, "bob"));

            assertThat(stale).isFalse();
            assertThat(fresh).isTrue();
            StoredProfile p = db.read(h -> new ProfileDao(h).find("p")).orElseThrow();
            assertThat(p.version()).isEqualTo(2);
            assertThat(p.createdBy()).isEqualTo("alice");
            assertThat(p.updatedBy()).isEqualTo("bob");
            long latest = db.read(h -> new ProfileVersionDao(h).latest("p"));
            long none = db.read(h -> new ProfileVersionDao(h).latest("other"));
            Optional<ProfileVersion> first = db.read(h -> new ProfileVersionDao(h).find("p", 1));
            assertThat(latest).isEqualTo(1);
            assertThat(none).isZero();
            assertThat(first).get().extracting(ProfileVersion::change).isEqualTo(ProfileChange.CREATE);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void alarmsAreListedNewestFirstByFilterAndChangeStateOnlyWhileActive(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(h -> {
                AlarmDao dao = new AlarmDao(h);
                dao.insert(alarm(dao.nextId(), "burst", "thing/t1", "high", AlarmState.ACTIVE));
                dao.insert(alarm(dao.nextId(), "burst", "thing/t2", "high", AlarmState.ACTIVE));
                dao.insert(alarm(dao.nextId(), "flood", "thing/t1", "low", AlarmState.ACTIVE));
            });
            db.useTransaction(h -> {
                new AlarmDao(h).clear(1, NOW.plusSeconds(30));
                new AlarmDao(h).invalidate(1, NOW.plusSeconds(60), "too late: already cleared");
                new AlarmDao(h).verify(2, Verification.BENIGN_POSITIVE, "maintenance", "alice", NOW);
            });

            List<StoredAlarm> t1 = db.read(h -> new AlarmDao(h)
                    .list(new AlarmFilter(
                            false, Optional.of("thing/t1"), Optional.empty(), Optional.empty(), Optional.empty(), 10)));
            assertThat(t1).extracting(StoredAlarm::id).containsExactly(3L, 1L);
            StoredAlarm cleared = t1.get(1);
            assertThat(cleared.state()).isEqualTo(AlarmState.CLEARED);
            assertThat(cleared.clearedAt()).contains(NOW.plusSeconds(30));
            assertThat(cleared.invalidReason()).isEmpty();
            assertThat(cleared.value()).isEqualTo(0.1 + 0.2);
            List<StoredAlarm> activeHigh = db.read(h -> new AlarmDao(h)
                    .list(new AlarmFilter(
                            true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("high"), 10)));
            assertThat(activeHigh).extracting(StoredAlarm::id).containsExactly(2L);
            // Keyset paging: the page below alarm 3, newest first, starts at 2.
            List<StoredAlarm> below3 = db.read(h -> new AlarmDao(h)
                    .list(new AlarmFilter(
                            false,
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            1,
                            Optional.of(3L))));
            assertThat(below3).extracting(StoredAlarm::id).containsExactly(2L);
            StoredAlarm verified = db.read(h -> new AlarmDao(h).find(2)).orElseThrow();
            assertThat(verified.verification()).isEqualTo(Verification.BENIGN_POSITIVE);
            assertThat(verified.verificationNote()).contains("maintenance");
            assertThat(verified.key()).isEqualTo(new AlarmKey("p", "burst", TargetKey.thing("t2")));
            int raises = db.read(h -> new AlarmDao(h).raises(new AlarmKey("p", "burst", TargetKey.thing("t1"))));
            List<StoredAlarm> active = db.read(h -> new AlarmDao(h).active());
            assertThat(raises).isEqualTo(1);
            assertThat(active).extracting(StoredAlarm::id).containsExactly(2L, 3L);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void suppressionsMatchAnyForMissingFieldsUntilTheyExpire(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            db.useTransaction(h -> new SuppressionDao(h)
                    .insert(new Suppression(
                            1,
                            Optional.empty(),
                            Optional.of("burst"),
                            Optional.of("thing/t1"),
                            "known scanner test",
                            NOW.plusSeconds(3_600),
                            "alice",
                            NOW)));
            AlarmKey covered = new AlarmKey("any-profile", "burst", TargetKey.thing("t1"));
            AlarmKey other = new AlarmKey("any-profile", "burst", TargetKey.thing("t2"));

            Optional<Suppression> hit = db.read(h -> new SuppressionDao(h).matching(covered, NOW));
            Optional<Suppression> miss = db.read(h -> new SuppressionDao(h).matching(other, NOW));
            Optional<Suppression> expired =
                    db.read(h -> new SuppressionDao(h).matching(covered, NOW.plusSeconds(3_600)));
            List<Suppression> unexpired = db.read(h -> new SuppressionDao(h).unexpired(NOW));
            boolean deleted = db.inTransaction(h -> new SuppressionDao(h).delete(1));
            boolean again = db.inTransaction(h -> new SuppressionDao(h).delete(1));
            assertThat(hit).get().extracting(Suppression::id).isEqualTo(1L);
            assertThat(miss).isEmpty();
            assertThat(expired).isEmpty();
            assertThat(unexpired).hasSize(1);
            assertThat(deleted).isTrue();
            assertThat(again).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void baselinesAreReplacedWholeAndKeepTheirBits(String backend, @TempDir Path dir) {
        try (Database db = open(backend, dir)) {
            AlarmKey a = new AlarmKey("p", "learned", TargetKey.thing("t1"));
            AlarmKey b = new AlarmKey("p", "learned", TargetKey.principal("arn:warden:iam::default:user/alice"));
            db.useTransaction(h ->
                    new BaselineDao(h).replaceAll(List.of(new BaselineSnapshot(a, 3, 1.0 / 3, 2.0 / 7)), NOW));
            db.useTransaction(h ->
                    new BaselineDao(h).replaceAll(List.of(new BaselineSnapshot(b, 40, Math.PI, Math.E)), NOW));

            List<BaselineSnapshot> stored = db.read(h -> new BaselineDao(h).all());
            assertThat(stored).containsExactly(new BaselineSnapshot(b, 40, Math.PI, Math.E));
        }
    }
}
