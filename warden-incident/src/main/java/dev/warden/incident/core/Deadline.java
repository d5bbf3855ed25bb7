package dev.warden.incident.core;

import java.time.Instant;
import java.util.Optional;

/**
 * One clock of one incident as it stands: when it falls due, when its warning goes out, and what happened: reached
 * (at {@code reachedAt}), warned, breached. A clock reached after its due time, or not reached by then, is a breach;
 * {@code breachedAt} is when the breach was recorded (at the due time, or when the node came back if it was down).
 */
public record Deadline(
        String clock,
        Optional<Phase> phase,
        Instant dueAt,
        Instant warnAt,
        Optional<Instant> reachedAt,
        Optional<Instant> warnedAt,
        Optional<Instant> breachedAt) {

    public static Deadline start(ClockSpec spec, Instant detectedAt) {
        Instant due = detectedAt.plus(spec.after());
        return new Deadline(
                spec.name(),
                spec.phase(),
                due,
                due.minus(spec.warningLead()),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public boolean reached() {
        return reachedAt.isPresent();
    }

    /** Breached: recorded as such, or reached after its due time. */
    public boolean breached() {
        return breachedAt.isPresent() || reachedAt.map(r -> r.isAfter(dueAt)).orElse(false);
    }

    public Deadline reach(Instant at) {
        Optional<Instant> breach = breachedAt.isEmpty() && at.isAfter(dueAt) ? Optional.of(at) : breachedAt;
        return new Deadline(clock, phase, dueAt, warnAt, Optional.of(at), warnedAt, breach);
    }

    public Deadline warned(Instant at) {
        return new Deadline(clock, phase, dueAt, warnAt, reachedAt, Optional.of(at), breachedAt);
    }

    public Deadline breach(Instant at) {
        return new Deadline(clock, phase, dueAt, warnAt, reachedAt, warnedAt, Optional.of(at));
    }
}
