package dev.warden.incident.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an incident's clocks ask for at a given time, and when they next will. A clock still unreached gets its
 * warning once its warning time has come (unless it is due already: the breach says more), and its breach once its
 * due time has passed; a reached clock asks for nothing. Both are computed from the stored state only, so a node
 * that restarts after a deadline passed finds the breach still owed.
 */
public final class DeadlinePlan {
    private DeadlinePlan() {}

    /** The warnings and breaches owed at {@code now}, in due order. */
    public static List<ClockEvent> owed(long incidentId, List<Deadline> deadlines, Instant now) {
        List<ClockEvent> owed = new ArrayList<>();
        for (Deadline d : deadlines) {
            if (d.reached() || d.breachedAt().isPresent()) {
                continue;
            }
            if (!now.isBefore(d.dueAt())) {
                owed.add(new ClockEvent(incidentId, ClockEvent.Kind.BREACH, d, d.dueAt()));
            } else if (!now.isBefore(d.warnAt()) && d.warnedAt().isEmpty()) {
                owed.add(new ClockEvent(incidentId, ClockEvent.Kind.WARNING, d, d.warnAt()));
            }
        }
        owed.sort(java.util.Comparator.comparing(ClockEvent::dueAt));
        return owed;
    }

    /** The next time one of these clocks will ask for something, if any will. */
    public static Optional<Instant> next(List<Deadline> deadlines) {
        Instant next = null;
        for (Deadline d : deadlines) {
            if (d.reached() || d.breachedAt().isPresent()) {
                continue;
            }
            Instant at = d.warnedAt().isEmpty() ? d.warnAt() : d.dueAt();
            if (next == null || at.isBefore(next)) {
                next = at;
            }
        }
        return Optional.ofNullable(next);
    }

    /**
     * The clocks after reaching {@code target} at {@code at}: every unreached phase clock up to it is reached then
     * (a skipped phase counts as reached when a later one is), late ones recorded as breaches.
     */
    public static List<Deadline> reach(List<Deadline> deadlines, Phase target, Instant at) {
        List<Deadline> out = new ArrayList<>(deadlines.size());
        for (Deadline d : deadlines) {
            boolean covered = d.phase().map(p -> !p.isAfter(target)).orElse(false);
            out.add(covered && !d.reached() ? d.reach(at) : d);
        }
        return out;
    }

    /** The clocks after the milestone {@code clock} is marked done at {@code at}. */
    public static List<Deadline> reachMilestone(List<Deadline> deadlines, String clock, Instant at) {
        List<Deadline> out = new ArrayList<>(deadlines.size());
        for (Deadline d : deadlines) {
            out.add(d.clock().equals(clock) && d.phase().isEmpty() && !d.reached() ? d.reach(at) : d);
        }
        return out;
    }
}
