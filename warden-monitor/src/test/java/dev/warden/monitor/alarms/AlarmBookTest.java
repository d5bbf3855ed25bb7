package dev.warden.monitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditLog;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.AuditSettings;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.AlarmTransition;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.ProfileParser;
import dev.warden.monitor.core.SecurityProfile;
import dev.warden.monitor.core.TargetDirectory;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.mitigation.MitigationRequest;
import dev.warden.monitor.store.AlarmFilter;
import dev.warden.monitor.store.AlarmState;
import dev.warden.monitor.store.StoredAlarm;
import dev.warden.monitor.store.Suppression;
import dev.warden.monitor.store.Verification;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmBookTest {
    private static final String REGION = "eu-west-1";
    private static final SecurityProfile PROFILE = ProfileParser.parse("""
            {"name": "p", "notify": {"url": "https://hooks.example/warden", "secret": "hook-key"},
             "behaviours": [
              {"name": "burst", "severity": "high", "metric": "num-authorization-failures",
               "operator": "greater-than", "value": 5, "window-seconds": 10,
               "mitigations": ["quarantine", "notify"]}]}
            """, "p");
    private static final AlarmKey T1 = new AlarmKey("p", "burst", TargetKey.thing("t1"));

    @TempDir
    Path dir;

    private Database db;
    private AuditLog log;
    private final List<MitigationRequest> mitigations = new ArrayList<>();
    private final Map<AlarmKey, Double> taught = new HashMap<>();
    private boolean mitigationsFail;
    private AlarmBook book;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(null, dir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        log = new AuditLog(
                        new AuditStore(db),
                        REGION,
                        new DigestSigner(keys.getPrivate(), keys.getPublic()),
                        new AuditSettings(1_000, 10, 25, Duration.ofHours(1), Duration.ofSeconds(10)),
                        Clock.systemUTC())
                .start();
        book = new AlarmBook(
                db,
                new NodeAudit(log, "node-1"),
                REGION,
                "acct",
                request -> {
                    mitigations.add(request);
                    if (mitigationsFail) {
                        throw new MonitorException(MonitorReason.MITIGATION_FAILED, "registry unavailable");
                    }
                    return mitigations.size();
                },
                taught::put,
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        log.close();
        db.close();
    }

    private static AlarmTransition transition(AlarmTransition.Kind kind, AlarmKey key, long at) {
        return new AlarmTransition(
                kind, key, PROFILE, PROFILE.behaviours().get(0), 7, "7 greater-than 5", at, at - 250);
    }

    private List<AuditEvent> audited(String action) {
        log.flushAndSign();
        return new AuditStore(db)
                .query(new AuditQuery(REGION, null, action, null, null, null, null, 0, 100)).stream()
                        .map(ChainedEvent::event)
                        .toList();
    }

    @Test
    void aRaiseIsStoredAuditedAndMitigatedAutomatically() {
        long at = System.currentTimeMillis();
        book.onTransitions(List.of(transition(AlarmTransition.Kind.RAISED, T1, at)));

        StoredAlarm alarm = book.list(AlarmFilter.all(10)).get(0);
        assertThat(alarm.state()).isEqualTo(AlarmState.ACTIVE);
        assertThat(alarm.target()).isEqualTo("thing/t1");
        assertThat(alarm.severity()).isEqualTo("high");
        assertThat(alarm.value()).isEqualTo(7);
        assertThat(alarm.detectionLatencyMillis()).isEqualTo(250);
        assertThat(alarm.raiseCount()).isEqualTo(1);
        assertThat(mitigations)
                .extracting(MitigationRequest::action)
                .containsExactly(MitigationAction.QUARANTINE, MitigationAction.NOTIFY);
        assertThat(mitigations).allSatisfy(m -> {
            assertThat(m.automatic()).isTrue();
            assertThat(m.principal()).isEqualTo(AlarmBook.SYSTEM);
            assertThat(m.alarmId()).isEqualTo(alarm.id());
            assertThat(m.notifyUrl()).contains("https://hooks.example/warden");
        });
        assertThat(audited("monitor:AlarmRaised")).singleElement().satisfies(e -> {
            assertThat(e.principal().type()).isEqualTo("system");
            assertThat(e.resource()).isEqualTo("arn:warden:monitor:eu-west-1:acct:alarm/" + alarm.id());
            assertThat(e.details())
                    .containsEntry("behaviour", "burst")
                    .containsEntry("target", "thing/t1")
                    .containsEntry("severity", "high")
                    .containsEntry("detectionLatencyMs", "250")
                    .containsEntry("suppressed", "false");
            assertThat(e.details().values()).noneMatch(v -> v.contains("hook-key"));
        });
    }

    @Test
    void aSuppressedRaiseIsRecordedButRunsNoMitigation() {
        Suppression s = new Suppressions(db, Clock.systemUTC())
                .create(
                        new Suppressions.Request(
                                Optional.empty(),
                                Optional.of("burst"),
                                Optional.of("thing/t1"),
                                "pen test this week",
                                Duration.ofDays(7)),
                        "user:alice");

        book.onTransitions(List.of(transition(AlarmTransition.Kind.RAISED, T1, System.currentTimeMillis())));

        StoredAlarm alarm = book.list(AlarmFilter.all(10)).get(0);
        assertThat(alarm.suppressed()).isTrue();
        assertThat(alarm.suppressionId()).contains(s.id());
        assertThat(mitigations).isEmpty();
        assertThat(audited("monitor:AlarmRaised"))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("suppressed", "true"));
    }

    @Test
    void aClearEndsTheActiveRowAndARaiseAgainIsANewRowCounted() {
        long at = System.currentTimeMillis();
        book.onTransitions(List.of(transition(AlarmTransition.Kind.RAISED, T1, at)));
        book.onTransitions(List.of(transition(AlarmTransition.Kind.CLEARED, T1, at + 30_000)));
        book.onTransitions(List.of(transition(AlarmTransition.Kind.RAISED, T1, at + 60_000)));

        List<StoredAlarm> alarms = book.list(AlarmFilter.all(10));
        assertThat(alarms).extracting(StoredAlarm::state).containsExactly(AlarmState.ACTIVE, AlarmState.CLEARED);
        assertThat(alarms).extracting(StoredAlarm::raiseCount).containsExactly(2, 1);
        assertThat(alarms.get(1).clearedAt()).isPresent();
        assertThat(alarms.get(1).value()).isEqualTo(7); // the value that raised it stays
        assertThat(audited("monitor:AlarmCleared")).hasSize(1);
    }

    @Test
    void aFailingMitigationIsLoggedAndNeverBreaksTheLoop() {
        mitigationsFail = true;

        book.onTransitions(List.of(transition(AlarmTransition.Kind.RAISED, T1, System.currentTimeMillis())));

        assertThat(book.list(AlarmFilter.all(10))).hasSize(1);
        assertThat(mitigations).hasSize(2); // the second still ran after the first failed
    }

    @Test
    void aBenignOrFalsePositiveTeachesTheEngineAndATruePositiveDoesNot() {
        book.onTransitions(List.of(transition(AlarmTransition.Kind.RAISED, T1, System.currentTimeMillis())));
        long id = book.list(AlarmFilter.all(10)).get(0).id();

        book.verify(id, "true-positive", "really an attack", "user:alice");
        assertThat(taught).isEmpty();
        StoredAlarm verified = book.verify(id, "benign-positive", "firmware update", "user:bob");

        assertThat(verified.verification()).isEqualTo(Verification.BENIGN_POSITIVE);
        assertThat(verified.verificationNote()).contains("firmware update");
        assertThat(verified.verifiedBy()).contains("user:bob");
        assertThat(taught).containsEntry(T1, 7.0);
        assertThat(reasonOf(() -> book.verify(id, "maybe", null, "u")))
                .isEqualTo(MonitorReason.INVALID_VERIFICATION_STATE);
        assertThat(reasonOf(() -> book.verify(id + 1, "unknown", null, "u"))).isEqualTo(MonitorReason.NO_SUCH_ALARM);
    }

    @Test
    void alarmsOfADeletedThingBecomeInvalidAndAreAudited() {
        long at = System.currentTimeMillis();
        book.onTransitions(List.of(
                transition(AlarmTransition.Kind.RAISED, T1, at),
                transition(AlarmTransition.Kind.RAISED, new AlarmKey("p", "burst", TargetKey.thing("t2")), at)));

        book.invalidateTarget(TargetKey.thing("t1"), "thing deleted");

        assertThat(book.list(AlarmFilter.all(10)))
                .extracting(StoredAlarm::target, StoredAlarm::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("thing/t1", AlarmState.INVALID),
                        org.assertj.core.groups.Tuple.tuple("thing/t2", AlarmState.ACTIVE));
        assertThat(audited("monitor:AlarmInvalidated"))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "thing deleted"));
    }

    @Test
    void atStartActiveAlarmsOfInstalledBehavioursAreRestoredAndTheOthersInvalidated() {
        long at = System.currentTimeMillis();
        AlarmKey gone = new AlarmKey("removed-profile", "burst", TargetKey.thing("t1"));
        book.onTransitions(List.of(
                transition(AlarmTransition.Kind.RAISED, T1, at), transition(AlarmTransition.Kind.RAISED, gone, at)));
        DetectionEngine engine = new DetectionEngine(TargetDirectory.NONE);
        engine.install(List.of(PROFILE));

        int restored = book.restore(engine, List.of(PROFILE), at);

        assertThat(restored).isEqualTo(1);
        assertThat(book.list(AlarmFilter.all(10)))
                .filteredOn(a -> a.profile().equals("removed-profile"))
                .singleElement()
                .extracting(StoredAlarm::state)
                .isEqualTo(AlarmState.INVALID);
        // The engine knows the restored alarm is active: after a quiet window it clears it rather than raising it.
        assertThat(engine.evaluate(at + 11_000)).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(AlarmTransition.Kind.CLEARED);
            assertThat(t.key()).isEqualTo(T1);
        });
    }

    @Test
    void aManualMitigationRunsAsItsPrincipalWhereItApplies() {
        long at = System.currentTimeMillis();
        AlarmKey address = new AlarmKey("p", "burst", TargetKey.sourceIp("203.0.113.9"));
        book.onTransitions(List.of(
                transition(AlarmTransition.Kind.RAISED, T1, at), transition(AlarmTransition.Kind.RAISED, address, at)));
        mitigations.clear();
        List<StoredAlarm> alarms = book.list(AlarmFilter.all(10));
        long thingAlarm = alarms.stream()
                .filter(a -> a.target().equals("thing/t1"))
                .findFirst()
                .orElseThrow()
                .id();
        long addressAlarm = alarms.stream()
                .filter(a -> a.target().startsWith("sourceip/"))
                .findFirst()
                .orElseThrow()
                .id();

        book.mitigate(thingAlarm, MitigationAction.QUARANTINE, "user:alice");

        assertThat(mitigations).singleElement().satisfies(m -> {
            assertThat(m.automatic()).isFalse();
            assertThat(m.principal()).isEqualTo("user:alice");
            assertThat(m.alarm()).isEqualTo(T1);
        });
        assertThat(reasonOf(() -> book.mitigate(addressAlarm, MitigationAction.QUARANTINE, "user:alice")))
                .isEqualTo(MonitorReason.MITIGATION_NOT_APPLICABLE);
    }

    @Test
    void suppressionsNeedAScopeAReasonAndAnExpiryWithin90Days() {
        Suppressions suppressions = new Suppressions(db, Clock.systemUTC());
        Optional<String> none = Optional.empty();

        assertThat(reasonOf(() -> suppressions.create(
                        new Suppressions.Request(none, none, none, "everything", Duration.ofHours(1)), "u")))
                .isEqualTo(MonitorReason.INVALID_SUPPRESSION);
        assertThat(reasonOf(() -> suppressions.create(
                        new Suppressions.Request(Optional.of("p"), none, none, "r", Duration.ofDays(91)), "u")))
                .isEqualTo(MonitorReason.INVALID_SUPPRESSION);
        assertThat(reasonOf(() -> suppressions.create(
                        new Suppressions.Request(none, none, Optional.of("t1"), "r", Duration.ofHours(1)), "u")))
                .isEqualTo(MonitorReason.INVALID_SUPPRESSION);
        assertThat(reasonOf(() -> suppressions.create(
                        new Suppressions.Request(Optional.of("p"), none, none, " ", Duration.ofHours(1)), "u")))
                .isEqualTo(MonitorReason.INVALID_SUPPRESSION);
        Suppression s = suppressions.create(
                new Suppressions.Request(Optional.of("p"), none, none, "noisy", Duration.ofHours(1)), "u");
        assertThat(suppressions.list()).extracting(Suppression::id).containsExactly(s.id());
        suppressions.delete(s.id());
        assertThat(suppressions.list()).isEmpty();
        assertThatThrownBy(() -> suppressions.delete(s.id()))
                .isInstanceOfSatisfying(
                        MonitorException.class,
                        e -> assertThat(e.reason()).isEqualTo(MonitorReason.NO_SUCH_SUPPRESSION));
    }

    private static MonitorReason reasonOf(Runnable r) {
        try {
            r.run();
        } catch (MonitorException e) {
            return e.reason();
        }
        throw new AssertionError("no MonitorException");
    }
}
