package dev.warden.monitor.alarms;

import dev.warden.audit.NodeAudit;
import dev.warden.monitor.AlarmSink;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.AlarmTransition;
import dev.warden.monitor.core.BaselineSnapshot;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.ProfileParser;
import dev.warden.monitor.core.SecurityProfile;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.mitigation.MitigationRequest;
import dev.warden.monitor.mitigation.Mitigator;
import dev.warden.monitor.store.AlarmDao;
import dev.warden.monitor.store.AlarmFilter;
import dev.warden.monitor.store.AlarmState;
import dev.warden.monitor.store.BaselineDao;
import dev.warden.monitor.store.ProfileDao;
import dev.warden.monitor.store.StoredAlarm;
import dev.warden.monitor.store.Suppression;
import dev.warden.monitor.store.SuppressionDao;
import dev.warden.monitor.store.Verification;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's alarms. As the {@link AlarmSink} of the monitor loop it stores each raise as a new row (suppressed when
 * a suppression in force matches) and clears the key's active rows, in one transaction per datapoint; after the
 * commit it records each raise and clear in the audit trail and runs the automatic mitigations of unsuppressed
 * raises. It also answers the admin API (list, show, verify, manual mitigation), invalidates alarms whose target or
 * behaviour is gone, and restores active alarms and learned baselines into the engine at start.
 */
public final class AlarmBook implements AlarmSink {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmBook.class);
    public static final int MAX_NOTE_CHARS = 1_024;
    /** The principal automatic mitigations run as. */
    public static final String SYSTEM = "system";

    private final Database database;
    private final AlarmAudit audit;
    private final Mitigator mitigator;
    private final BiConsumer<AlarmKey, Double> teacher;
    private final Clock clock;

    /**
     * @param teacher teaches the engine a value a user judged normal; the node runs it on the monitor thread
     */
    public AlarmBook(
            Database database,
            NodeAudit audit,
            String region,
            String account,
            Mitigator mitigator,
            BiConsumer<AlarmKey, Double> teacher,
            Clock clock) {
        this.database = database;
        this.audit = new AlarmAudit(audit, region, account);
        this.mitigator = mitigator;
        this.teacher = teacher;
        this.clock = clock;
    }

    /** What one transition did to the table. */
    private record Recorded(AlarmTransition transition, StoredAlarm alarm) {}

    @Override
    public void onTransitions(List<AlarmTransition> transitions) {
        List<Recorded> recorded;
        try {
            recorded = database.inTransaction(h -> record(h, transitions));
        } catch (RuntimeException e) {
            // Never into the loop: the next datapoint must still be taken.
            LOG.error("recording {} alarm transitions failed", transitions.size(), e);
            return;
        }
        for (Recorded r : recorded) {
            AlarmTransition t = r.transition();
            long latency = Math.max(0, t.atMillis() - t.observedAtMillis());
            if (t.kind() == AlarmTransition.Kind.CLEARED) {
                audit.cleared(r.alarm(), t.value(), t.detail(), latency);
                continue;
            }
            audit.raised(r.alarm());
            if (!r.alarm().suppressed()) {
                mitigateAutomatically(r.alarm(), t);
            }
        }
    }

    private List<Recorded> record(Handle h, List<AlarmTransition> transitions) {
        AlarmDao alarms = new AlarmDao(h);
        List<Recorded> out = new ArrayList<>();
        for (AlarmTransition t : transitions) {
            Instant at = Instant.ofEpochMilli(t.atMillis());
            if (t.kind() == AlarmTransition.Kind.RAISED) {
                StoredAlarm alarm = newAlarm(h, t, at);
                alarms.insert(alarm);
                out.add(new Recorded(t, alarm));
            } else {
                for (StoredAlarm active : alarms.active(t.key())) {
                    alarms.clear(active.id(), at);
                    out.add(new Recorded(t, alarms.find(active.id()).orElseThrow()));
                }
            }
        }
        return out;
    }

    private static StoredAlarm newAlarm(Handle h, AlarmTransition t, Instant at) {
        AlarmDao alarms = new AlarmDao(h);
        Optional<Long> suppression = new SuppressionDao(h).matching(t.key(), at).map(Suppression::id);
        return new StoredAlarm(
                alarms.nextId(),
                t.key().profile(),
                t.key().behaviour(),
                t.key().target().toString(),
                t.behaviour().metricId(),
                t.behaviour().severity().id(),
                AlarmState.ACTIVE,
                t.value(),
                t.detail(),
                at,
                at,
                Optional.empty(),
                Optional.empty(),
                alarms.raises(t.key()) + 1,
                Verification.UNKNOWN,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                suppression.isPresent(),
                suppression,
                Math.max(0, t.atMillis() - t.observedAtMillis()));
    }

    /** Each of the behaviour's mitigations, as the system; a failure is the mitigator's to record, and only logged here. */
    private void mitigateAutomatically(StoredAlarm alarm, AlarmTransition t) {
        for (MitigationAction action : t.behaviour().mitigations()) {
            try {
                mitigator.run(new MitigationRequest(
                        alarm.id(),
                        t.key(),
                        action,
                        true,
                        SYSTEM,
                        alarm.detail(),
                        t.profile().notifyUrl(),
                        t.profile().notifySecret()));
            } catch (RuntimeException e) {
                LOG.warn("automatic mitigation {} of alarm {} failed: {}", action.id(), alarm.id(), e.getMessage());
            }
        }
    }

    /** Runs {@code action} on the alarm's target by a principal's hand; returns the mitigation's id. */
    public long mitigate(long id, MitigationAction action, String principal) {
        StoredAlarm alarm = show(id);
        AlarmKey key = alarm.key();
        if (!action.appliesTo(key.target().scope())) {
            throw new MonitorException(
                    MonitorReason.MITIGATION_NOT_APPLICABLE,
                    action.id() + " cannot act on "
                            + key.target().scope().name().toLowerCase(java.util.Locale.ROOT) + " target "
                            + key.target());
        }
        Optional<SecurityProfile> profile = database.read(h -> new ProfileDao(h).find(alarm.profile()))
                .map(p -> ProfileParser.parse(p.document(), p.name()));
        return mitigator.run(new MitigationRequest(
                id,
                key,
                action,
                false,
                principal,
                alarm.detail(),
                profile.flatMap(SecurityProfile::notifyUrl),
                profile.flatMap(SecurityProfile::notifySecret)));
    }

    /** Active alarms by severity id ({@code critical}, ...), for the node's metrics. */
    public java.util.Map<String, Long> activeBySeverity() {
        return database.read(h -> new AlarmDao(h).activeBySeverity());
    }

    public List<StoredAlarm> list(AlarmFilter filter) {
        return database.read(h -> new AlarmDao(h).list(filter));
    }

    public StoredAlarm show(long id) {
        return database.read(h -> new AlarmDao(h).find(id))
                .orElseThrow(() -> new MonitorException(MonitorReason.NO_SUCH_ALARM, "no alarm " + id));
    }

    /**
     * Records a user's judgement of an alarm. A false or benign positive also teaches the behaviour's learned
     * baseline (if it has one) the value that raised it, so the same normal does not alarm again.
     */
    public StoredAlarm verify(long id, String state, String note, String principal) {
        Verification v = Verification.byId(state == null ? "" : state)
                .orElseThrow(() -> new MonitorException(
                        MonitorReason.INVALID_VERIFICATION_STATE,
                        "state is true-positive, false-positive, benign-positive or unknown"));
        if (note != null && note.length() > MAX_NOTE_CHARS) {
            throw new MonitorException(
                    MonitorReason.INVALID_VERIFICATION_STATE, "a note is at most " + MAX_NOTE_CHARS + " characters");
        }
        StoredAlarm verified = database.inTransaction(h -> {
            AlarmDao alarms = new AlarmDao(h);
            alarms.find(id).orElseThrow(() -> new MonitorException(MonitorReason.NO_SUCH_ALARM, "no alarm " + id));
            alarms.verify(id, v, note, principal, now());
            return alarms.find(id).orElseThrow();
        });
        if (v.normal()) {
            teacher.accept(verified.key(), verified.value());
        }
        return verified;
    }

    /** Marks the active alarms of {@code keys} invalid (their behaviour changed or went). */
    public void invalidate(List<AlarmKey> keys, String reason) {
        if (keys.isEmpty()) {
            return;
        }
        invalidateWhere(
                h -> {
                    List<StoredAlarm> found = new ArrayList<>();
                    AlarmDao alarms = new AlarmDao(h);
                    keys.forEach(k -> found.addAll(alarms.active(k)));
                    return found;
                },
                reason);
    }

    /** Marks the active alarms of a deleted target invalid. */
    public void invalidateTarget(TargetKey target, String reason) {
        invalidateWhere(h -> new AlarmDao(h).activeOf(target.toString()), reason);
    }

    private void invalidateWhere(Database.Work<List<StoredAlarm>> select, String reason) {
        List<StoredAlarm> invalidated = database.inTransaction(h -> {
            AlarmDao alarms = new AlarmDao(h);
            Instant at = now();
            List<StoredAlarm> out = new ArrayList<>();
            for (StoredAlarm a : select.run(h)) {
                alarms.invalidate(a.id(), at, reason);
                out.add(alarms.find(a.id()).orElseThrow());
            }
            return out;
        });
        invalidated.forEach(a -> audit.invalidated(a, reason));
    }

    /**
     * At start, before the monitor thread runs: re-activates in {@code engine} each stored active alarm whose
     * behaviour is installed (so it clears by its rules and is not raised twice), and invalidates the others.
     * Returns how many were restored.
     */
    public int restore(DetectionEngine engine, List<SecurityProfile> installed, long now) {
        Set<AlarmKey> known = new HashSet<>();
        List<AlarmKey> gone = new ArrayList<>();
        Set<String> rules = new HashSet<>();
        installed.forEach(p -> p.behaviours().forEach(b -> rules.add(p.name() + '\n' + b.name())));
        for (StoredAlarm a : database.read(h -> new AlarmDao(h).active())) {
            AlarmKey key = a.key();
            if (rules.contains(a.profile() + '\n' + a.behaviour())) {
                engine.restoreActive(key, now);
                known.add(key);
            } else {
                gone.add(key);
            }
        }
        invalidate(gone, "its behaviour is no longer installed");
        return known.size();
    }

    public List<BaselineSnapshot> loadBaselines() {
        return database.read(h -> new BaselineDao(h).all());
    }

    public void saveBaselines(List<BaselineSnapshot> baselines) {
        database.useTransaction(h -> new BaselineDao(h).replaceAll(baselines, now()));
    }

    /** {@code arn:warden:monitor:<region>:<account>:alarm/<id>}. */
    public String arn(long id) {
        return audit.arn(id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
