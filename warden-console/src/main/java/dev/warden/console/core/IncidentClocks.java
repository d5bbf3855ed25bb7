package dev.warden.console.core;

import dev.warden.incident.core.Deadline;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident's clocks as an operator reads them on its page: each clock (a phase's or a CRA milestone's) with its
 * due time and what became of it: met (reached in time), breached (reached late, or recorded as breached), overdue
 * (still running past its due time, before the watch records the breach) or running, with the time left.
 */
public final class IncidentClocks {
    private IncidentClocks() {}

    /** What became of a clock. */
    public enum State {
        MET,
        BREACHED,
        OVERDUE,
        RUNNING;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One clock; {@code reachedAt} empty while it runs, {@code left} empty once it stopped. */
    public record Row(String clock, String phase, Instant dueAt, String reachedAt, State state, String left) {}

    public static List<Row> of(Incident incident, Instant now) {
        List<Row> rows = new ArrayList<>();
        for (Deadline d : incident.deadlines()) {
            State state = state(d, now);
            rows.add(new Row(
                    d.clock(),
                    d.phase().map(Phase::id).orElse(""),
                    d.dueAt(),
                    d.reachedAt().map(Instant::toString).orElse(""),
                    state,
                    d.reached() ? "" : Countdown.until(d.dueAt(), now)));
        }
        return rows;
    }

    static State state(Deadline d, Instant now) {
        if (d.breached()) {
            return State.BREACHED;
        }
        if (d.reached()) {
            return State.MET;
        }
        return now.isAfter(d.dueAt()) ? State.OVERDUE : State.RUNNING;
    }

    /** The phases the incident may move to (only forward), the next one first; none once it is reviewed. */
    public static List<String> nextPhases(Phase current) {
        List<String> out = new ArrayList<>();
        for (Phase p : Phase.values()) {
            if (p.isAfter(current)) {
                out.add(p.id());
            }
        }
        return out;
    }
}
