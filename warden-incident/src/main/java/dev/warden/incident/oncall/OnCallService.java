package dev.warden.incident.oncall;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores on-call schedules and escalation policies and answers who is on call: what {@code warden oncall schedule
 * put|show|list|delete}, {@code warden oncall who [--at T] [--schedule S]} and {@code warden oncall policy ...} call.
 * A document is validated in full before it is stored; an escalation policy may only name schedules that exist.
 */
public final class OnCallService implements Contacts {
    private final Database database;
    private final Clock clock;
    private final Optional<String> defaultSchedule;

    /** @param defaultSchedule the schedule {@link #who} asks when none is named (the settings' default) */
    public OnCallService(Database database, Clock clock, Optional<String> defaultSchedule) {
        this.database = database;
        this.clock = clock;
        this.defaultSchedule = defaultSchedule;
    }

    /** Validates and stores a schedule (version 1, or the next version of the one with its name). */
    public StoredDocument putSchedule(String document, String actor) {
        Schedule schedule = ScheduleDocuments.schedule(document);
        return database.inTransaction(
                h -> new DocumentDao(h, DocumentDao.SCHEDULES).put(schedule.name(), document, clock.instant(), actor));
    }

    public StoredDocument showSchedule(String name) {
        return database.read(h -> new DocumentDao(h, DocumentDao.SCHEDULES).find(name))
                .orElseThrow(() -> new IncidentException(IncidentReason.NO_SUCH_SCHEDULE, "no schedule " + name));
    }

    public List<StoredDocument> listSchedules() {
        return database.read(h -> new DocumentDao(h, DocumentDao.SCHEDULES).all());
    }

    /** Deletes a schedule that no escalation policy names. */
    public void deleteSchedule(String name) {
        database.useTransaction(h -> {
            for (StoredDocument p : new DocumentDao(h, DocumentDao.POLICIES).all()) {
                if (ScheduleDocuments.policy(p.document()).levels().stream()
                        .anyMatch(l -> l.schedule().orElse("").equals(name))) {
                    throw new IncidentException(
                            IncidentReason.INVALID_SCHEDULE, "escalation policy " + p.name() + " names " + name);
                }
            }
            if (!new DocumentDao(h, DocumentDao.SCHEDULES).delete(name)) {
                throw new IncidentException(IncidentReason.NO_SUCH_SCHEDULE, "no schedule " + name);
            }
        });
    }

    public Schedule schedule(String name) {
        return ScheduleDocuments.schedule(showSchedule(name).document());
    }

    /**
     * Who is on call at {@code at} (now if empty) in {@code schedule} (the default schedule if empty); empty when the
     * schedule leaves that instant uncovered.
     */
    public Optional<OnCall> who(Optional<String> schedule, Optional<Instant> at) {
        String name = schedule.or(() -> defaultSchedule)
                .orElseThrow(() -> new IncidentException(
                        IncidentReason.NO_SUCH_SCHEDULE, "no schedule named and no default schedule set"));
        return schedule(name).who(at.orElseGet(clock::instant));
    }

    /** Validates and stores an escalation policy; every schedule it names must exist. */
    public StoredDocument putPolicy(String document, String actor) {
        EscalationPolicy policy = ScheduleDocuments.policy(document);
        return database.inTransaction(h -> {
            DocumentDao schedules = new DocumentDao(h, DocumentDao.SCHEDULES);
            for (EscalationLevel l : policy.levels()) {
                String s = l.schedule().orElse(null);
                if (s != null && schedules.find(s).isEmpty()) {
                    throw new IncidentException(
                            IncidentReason.NO_SUCH_SCHEDULE, "level " + l.level() + " names no schedule " + s);
                }
            }
            return new DocumentDao(h, DocumentDao.POLICIES).put(policy.name(), document, clock.instant(), actor);
        });
    }

    public StoredDocument showPolicy(String name) {
        return database.read(h -> new DocumentDao(h, DocumentDao.POLICIES).find(name))
                .orElseThrow(() -> new IncidentException(
                        IncidentReason.NO_SUCH_ESCALATION_POLICY, "no escalation policy " + name));
    }

    public List<StoredDocument> listPolicies() {
        return database.read(h -> new DocumentDao(h, DocumentDao.POLICIES).all());
    }

    public EscalationPolicy policy(String name) {
        return ScheduleDocuments.policy(showPolicy(name).document());
    }

    /** The contact a principal has in the first schedule (by name) that lists them. */
    @Override
    public Optional<Contact> of(String principal) {
        for (StoredDocument d : listSchedules()) {
            for (Participant p : ScheduleDocuments.schedule(d.document()).participants()) {
                if (p.principal().equals(principal)) {
                    return Optional.of(p.contact());
                }
            }
        }
        return Optional.empty();
    }
}
