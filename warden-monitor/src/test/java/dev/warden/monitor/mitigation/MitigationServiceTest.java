package dev.warden.monitor.mitigation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditResult;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.store.MitigationDao;
import dev.warden.monitor.store.MitigationRecord;
import dev.warden.monitor.store.MitigationStatus;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows, the audit trail's intent and outcome, and failing closed. */
class MitigationServiceTest {
    @TempDir
    Path dir;

    private Database database;
    private TestTrail trail;
    private final FakeTargets targets = new FakeTargets();
    private MitigationService service;

    @BeforeEach
    void open() {
        database = Database.open(null, dir);
        trail = new TestTrail(database);
        service = new MitigationService(
                        database,
                        trail.audit,
                        targets,
                        name -> new byte[0],
                        MitigationSettings.defaults(TestTrail.REGION, "default"),
                        Clock.systemUTC())
                .start();
    }

    @AfterEach
    void close() {
        service.close();
        trail.close();
        database.close();
    }

    private static MitigationRequest automatic(long alarmId, MitigationAction action, TargetKey target) {
        return new MitigationRequest(
                alarmId,
                new AlarmKey("warden-baseline", "shared-certificate", target),
                action,
                true,
                null,
                "2 addresses",
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void anAutomaticQuarantineIsRecordedWithItsIntentBeforeAndItsOutcomeAfter() {
        // WHEN the engine's alarm 7 quarantines dev-1
        long id = service.run(automatic(7, MitigationAction.QUARANTINE, TargetKey.thing("dev-1")));

        // THEN the node was asked to, and the row is done, by the system
        assertThat(targets.calls).containsExactly("quarantine dev-1");
        MitigationRecord row = service.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(MitigationStatus.DONE);
        assertThat(row.principal()).isEqualTo("system:warden");
        assertThat(row.detail()).isEqualTo("quarantined dev-1");
        assertThat(row.finishedAt()).isNotNull();
        assertThat(service.list(7)).extracting(MitigationRecord::id).containsExactly(id);

        // AND the trail holds the intent, then the outcome, both naming the alarm and the thing's ARN
        List<AuditEvent> events = trail.events("monitor:");
        assertThat(events).extracting(AuditEvent::action).containsExactly("monitor:Quarantine", "monitor:Quarantine");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.details()).containsEntry("alarmId", "7").containsEntry("mitigationId", String.valueOf(id));
            assertThat(e.resource()).isEqualTo("arn:warden:iot:eu-west-1:default:thing/dev-1");
            assertThat(e.principal().type()).isEqualTo("system");
        });
        assertThat(events.get(0).details()).containsEntry("stage", "intent");
        assertThat(events.get(1).details()).containsEntry("stage", "outcome").containsEntry("status", "done");
    }

    @Test
    void aFailedActionIsRecordedAsFailedNeverAsDone() {
        targets.failing.add("ghost");

        assertThatThrownBy(
                        () -> service.run(automatic(8, MitigationAction.REVOKE_CERTIFICATE, TargetKey.thing("ghost"))))
                .isInstanceOf(MonitorException.class)
                .extracting(e -> ((MonitorException) e).reason())
                .isEqualTo(MonitorReason.MITIGATION_FAILED);

        MitigationRecord row = service.list(8).get(0);
        assertThat(row.status()).isEqualTo(MitigationStatus.FAILED);
        assertThat(row.detail()).contains("no thing named 'ghost'");
        AuditEvent outcome = trail.events("monitor:RevokeCertificate").get(1);
        assertThat(outcome.result()).isEqualTo(AuditResult.ERROR);
        assertThat(outcome.details()).containsEntry("status", "failed").containsEntry("alarmId", "8");
    }

    @Test
    void withoutItsIntentInTheTrailAnAutomaticMitigationIsNotCarriedOut() {
        // GIVEN a trail that cannot record
        trail.close();

        // WHEN the engine asks for a revocation THEN nothing is revoked, and the row says why
        assertThatThrownBy(
                        () -> service.run(automatic(9, MitigationAction.REVOKE_CERTIFICATE, TargetKey.thing("dev-1"))))
                .isInstanceOf(MonitorException.class)
                .hasMessageContaining("audit trail");
        assertThat(targets.calls).isEmpty();
        MitigationRecord row = service.list(9).get(0);
        assertThat(row.status()).isEqualTo(MitigationStatus.FAILED);
        assertThat(row.detail()).contains("not carried out");
    }

    @Test
    void aManualMitigationKeepsItsPrincipalAndLeavesTheTrailToItsRoute() {
        long id = service.run(new MitigationRequest(
                10,
                new AlarmKey("p", "b", TargetKey.thing("dev-1")),
                MitigationAction.DISABLE_THING,
                false,
                "arn:warden:iam::default:user/alice",
                null,
                Optional.empty(),
                Optional.empty()));

        MitigationRecord row = service.find(id).orElseThrow();
        assertThat(row.principal()).isEqualTo("arn:warden:iam::default:user/alice");
        assertThat(row.automatic()).isFalse();
        assertThat(row.status()).isEqualTo(MitigationStatus.DONE);
        assertThat(trail.events("monitor:")).isEmpty();
    }

    @Test
    void anActionIsRefusedForATargetItDoesNotApplyTo() {
        assertThatThrownBy(() ->
                        service.run(automatic(11, MitigationAction.QUARANTINE, TargetKey.sourceIp("203.0.113.7"))))
                .isInstanceOf(MonitorException.class)
                .extracting(e -> ((MonitorException) e).reason())
                .isEqualTo(MonitorReason.MITIGATION_NOT_APPLICABLE);
        assertThat(targets.calls).isEmpty();
        assertThat(service.list(11)).isEmpty();
    }

    @Test
    void aThingsSourceAddressIsBannedOnlyWhenALiveSessionNamesIt() {
        // GIVEN dev-1 with no live session: its address is not known, and the mitigation fails
        assertThatThrownBy(() -> service.run(automatic(12, MitigationAction.BAN_SOURCE_IP, TargetKey.thing("dev-1"))))
                .isInstanceOf(MonitorException.class)
                .hasMessageContaining("source address is not known");
        assertThat(service.list(12).get(0).status()).isEqualTo(MitigationStatus.FAILED);

        // WHEN it is connected from two addresses THEN both are banned, for the alarm
        targets.sessions.put(
                "dev-1",
                List.of(
                        new MitigationTargets.LiveSession("dev-1", "198.51.100.4"),
                        new MitigationTargets.LiveSession("dev-1", "203.0.113.9")));
        service.run(automatic(13, MitigationAction.BAN_SOURCE_IP, TargetKey.thing("dev-1")));
        assertThat(targets.calls)
                .containsExactly(
                        "ban ip 198.51.100.4 PT1H monitor alarm 13 (shared-certificate)",
                        "ban ip 203.0.113.9 PT1H monitor alarm 13 (shared-certificate)");

        // AND an address alarm bans its own address; client IDs are those of the live sessions
        service.run(automatic(14, MitigationAction.BAN_SOURCE_IP, TargetKey.sourceIp("192.0.2.1")));
        service.run(automatic(15, MitigationAction.BAN_CLIENT_ID, TargetKey.thing("dev-1")));
        service.run(automatic(16, MitigationAction.BAN_CLIENT_ID, TargetKey.thing("dev-2")));
        assertThat(targets.calls.subList(2, 5))
                .containsExactly(
                        "ban ip 192.0.2.1 PT1H monitor alarm 14 (shared-certificate)",
                        "ban client-id dev-1 PT1H monitor alarm 15 (shared-certificate)",
                        "ban thing dev-2 PT1H monitor alarm 16 (shared-certificate)");
    }

    @Test
    void aNotificationWithoutASigningSecretIsRefused() {
        MitigationRequest unsigned = new MitigationRequest(
                17,
                new AlarmKey("p", "b", TargetKey.thing("dev-1")),
                MitigationAction.NOTIFY,
                true,
                null,
                null,
                Optional.of("https://hooks.example.com/x"),
                Optional.empty());
        assertThatThrownBy(() -> service.run(unsigned))
                .isInstanceOf(MonitorException.class)
                .extracting(e -> ((MonitorException) e).reason())
                .isEqualTo(MonitorReason.INVALID_NOTIFY_TARGET);
    }

    @Test
    void aMitigationInterruptedByAStopIsRecordedAsFailedAtTheNextStart() {
        // GIVEN a row a crash left pending
        long id = database.inTransaction(h -> new MitigationDao(h)
                        .insertPending(
                                18,
                                MitigationAction.QUARANTINE,
                                TargetKey.thing("dev-1"),
                                true,
                                "system:warden",
                                Instant.now()))
                .id();

        // WHEN the service starts again THEN it is failed, never done
        service.start();
        MitigationRecord row = service.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(MitigationStatus.FAILED);
        assertThat(row.detail()).contains("interrupted");
        assertThat(service.recent(10, 0)).extracting(MitigationRecord::id).contains(id);
    }
}
