package dev.warden.incident.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One incident as stored. {@code startedAt} is the first sign of it (the alarm's first violating observation; the
 * detection time for one opened by hand), {@code detectedAt} when it was detected, from which every clock counts;
 * {@code containedAt} the first containment (a quarantine, a revocation, a disabled user), timed though it is no
 * phase. {@code cra} says the CRA's milestones were asked for.
 */
public record Incident(
        long id,
        String title,
        Severity severity,
        Phase phase,
        Source source,
        Optional<String> playbook,
        Optional<String> commander,
        boolean cra,
        Instant startedAt,
        Instant detectedAt,
        Optional<Instant> acknowledgedAt,
        Optional<Instant> containedAt,
        String openedBy,
        List<Deadline> deadlines,
        List<Member> members) {

    public Incident {
        deadlines = List.copyOf(deadlines);
        members = List.copyOf(members);
    }

    public boolean open() {
        return !(phase == Phase.CLOSED || phase == Phase.REVIEWED);
    }

    public List<String> members(Member.Kind kind) {
        return members.stream().filter(m -> m.kind() == kind).map(Member::value).toList();
    }

    public Optional<Deadline> deadline(String clock) {
        return deadlines.stream().filter(d -> d.clock().equals(clock)).findFirst();
    }

    /** When the phase was reached, from its clock (detected: the detection time). */
    public Optional<Instant> reached(Phase p) {
        if (p == Phase.DETECTED) {
            return Optional.of(detectedAt);
        }
        return deadline(p.id()).flatMap(Deadline::reachedAt);
    }

    public long breaches() {
        return deadlines.stream().filter(Deadline::breached).count();
    }
}
