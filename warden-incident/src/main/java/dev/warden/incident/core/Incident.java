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

    public Incident withClocks(Phase newPhase, List<Deadline> newDeadlines) {
        return new Incident(
                id,
                title,
                severity,
                newPhase,
                source,
                playbook,
                commander,
                cra,
                startedAt,
                detectedAt,
                acknowledgedAt,
                containedAt,
                openedBy,
                newDeadlines,
                members);
    }

    public Incident withMembers(List<Member> newMembers) {
        return new Incident(
                id,
                title,
                severity,
                phase,
                source,
                playbook,
                commander,
                cra,
                startedAt,
                detectedAt,
                acknowledgedAt,
                containedAt,
                openedBy,
                deadlines,
                newMembers);
    }

    public Incident withAssignment(Severity newSeverity, Optional<String> newCommander, List<Member> newMembers) {
        return new Incident(
                id,
                title,
                newSeverity,
                phase,
                source,
                playbook,
                newCommander,
                cra,
                startedAt,
                detectedAt,
                acknowledgedAt,
                containedAt,
                openedBy,
                deadlines,
                newMembers);
    }

    /** Keeps the first acknowledgement. */
    public Incident acknowledged(Instant at) {
        return acknowledgedAt.isPresent()
                ? this
                : new Incident(
                        id,
                        title,
                        severity,
                        phase,
                        source,
                        playbook,
                        commander,
                        cra,
                        startedAt,
                        detectedAt,
                        Optional.of(at),
                        containedAt,
                        openedBy,
                        deadlines,
                        members);
    }

    /** Keeps the first containment: that is the incident's time to contain. */
    public Incident contained(Instant at) {
        return containedAt.isPresent()
                ? this
                : new Incident(
                        id,
                        title,
                        severity,
                        phase,
                        source,
                        playbook,
                        commander,
                        cra,
                        startedAt,
                        detectedAt,
                        acknowledgedAt,
                        Optional.of(at),
                        openedBy,
                        deadlines,
                        members);
    }
}
