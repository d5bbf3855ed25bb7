package dev.warden.monitor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The monitor's tables behave the same on SQLite and PostgreSQL: ids, outcomes written once, deliveries' state. */
@Tag("postgresql")
class MitigationStorageTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z").truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    private Database open(String backend) {
        return Database.open("postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null, dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void mitigationsAreNumberedListedAndFinishedOnce(String backend) {
        try (Database database = open(backend)) {
            MitigationRecord first = database.inTransaction(h -> new MitigationDao(h)
                    .insertPending(
                            7, MitigationAction.QUARANTINE, TargetKey.thing("dev-1"), true, "system:warden", NOW));
            MitigationRecord second = database.inTransaction(h -> new MitigationDao(h)
                    .insertPending(
                            8,
                            MitigationAction.BAN_SOURCE_IP,
                            TargetKey.sourceIp("2001:db8::7"),
                            false,
                            "arn:warden:iam::default:user/alice",
                            NOW));
            assertThat(second.id()).isEqualTo(first.id() + 1);

            // An outcome is written once: a later "done" cannot overwrite a failure
            assertThat(database.<Boolean>inTransaction(
                            h -> new MitigationDao(h).finish(first.id(), MitigationStatus.FAILED, "no thing", NOW)))
                    .isTrue();
            assertThat(database.<Boolean>inTransaction(
                            h -> new MitigationDao(h).finish(first.id(), MitigationStatus.DONE, "quarantined", NOW)))
                    .isFalse();
            assertThatThrownBy(() -> database.<Boolean>inTransaction(
                            h -> new MitigationDao(h).finish(second.id(), MitigationStatus.PENDING, null, NOW)))
                    .isInstanceOf(IllegalArgumentException.class);

            MitigationRecord stored =
                    database.read(h -> new MitigationDao(h).find(first.id())).orElseThrow();
            assertThat(stored.status()).isEqualTo(MitigationStatus.FAILED);
            assertThat(stored.detail()).isEqualTo("no thing");
            assertThat(stored.finishedAt()).isEqualTo(NOW);
            assertThat(stored.target()).isEqualTo(TargetKey.thing("dev-1"));
            assertThat(database.<java.util.List<MitigationRecord>>read(h -> new MitigationDao(h).ofAlarm(8)))
                    .singleElement()
                    .satisfies(m -> {
                        assertThat(m.target()).isEqualTo(TargetKey.sourceIp("2001:db8::7"));
                        assertThat(m.automatic()).isFalse();
                        assertThat(m.finishedAt()).isNull();
                    });
            assertThat(database.<java.util.List<MitigationRecord>>read(h -> new MitigationDao(h).recent(10, 0)))
                    .extracting(MitigationRecord::id)
                    .containsExactly(second.id(), first.id());
            assertThat(database.<java.util.List<MitigationRecord>>read(
                            h -> new MitigationDao(h).recent(10, second.id())))
                    .extracting(MitigationRecord::id)
                    .containsExactly(first.id());
            assertThat(database.<java.util.List<MitigationRecord>>read(h -> new MitigationDao(h).pending()))
                    .extracting(MitigationRecord::id)
                    .containsExactly(second.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void deliveriesKeepTheirStateAndEndOnce(String backend) {
        try (Database database = open(backend)) {
            NotificationRecord pending = new NotificationRecord(
                    "d-1",
                    1,
                    7,
                    "https://hooks.example.com/t/XYZ",
                    "webhooks/ops",
                    "{}",
                    DeliveryStatus.PENDING,
                    0,
                    NOW,
                    null,
                    null,
                    NOW,
                    null);
            database.useTransaction(h -> new NotificationDao(h).insert(pending));
            assertThat(database.<Boolean>inTransaction(h -> new NotificationDao(h)
                            .recordAttempt(
                                    "d-1", DeliveryStatus.PENDING, 1, NOW.plusSeconds(1), 503, "HTTP 503", null)))
                    .isTrue();
            assertThat(database.<java.util.List<NotificationRecord>>read(h -> new NotificationDao(h).pending()))
                    .singleElement()
                    .satisfies(d -> {
                        assertThat(d.attempts()).isEqualTo(1);
                        assertThat(d.lastStatusCode()).isEqualTo(503);
                        assertThat(d.nextAttemptAt()).isEqualTo(NOW.plusSeconds(1));
                        assertThat(d.origin()).isEqualTo("https://hooks.example.com");
                    });
            assertThat(database.<Boolean>inTransaction(h -> new NotificationDao(h)
                            .recordAttempt("d-1", DeliveryStatus.DELIVERED, 2, null, 200, null, NOW)))
                    .isTrue();
            assertThat(database.<Boolean>inTransaction(h -> new NotificationDao(h)
                            .recordAttempt("d-1", DeliveryStatus.FAILED, 3, null, null, "late", null)))
                    .isFalse();
            NotificationRecord delivered =
                    database.read(h -> new NotificationDao(h).find("d-1")).orElseThrow();
            assertThat(delivered.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(delivered.lastError()).isNull();
            assertThat(delivered.deliveredAt()).isEqualTo(NOW);
            assertThat(database.<java.util.List<NotificationRecord>>read(h -> new NotificationDao(h).pending()))
                    .isEmpty();
            assertThat(database.<java.util.List<NotificationRecord>>read(h -> new NotificationDao(h).ofAlarm(7)))
                    .hasSize(1);
            assertThat(database.<java.util.List<NotificationRecord>>read(h -> new NotificationDao(h).recent(5)))
                    .hasSize(1);
        }
    }
}
