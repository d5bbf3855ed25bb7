package dev.warden.incident.core;

import java.time.Duration;
import java.util.Optional;

/**
 * One clock of an incident: a deadline {@code after} its detection. A phase clock ({@code phase} present) is met by
 * reaching that phase; a milestone (the CRA's early warning, notification and final report) by being marked done.
 */
public record ClockSpec(String name, Optional<Phase> phase, Duration after) {
    public static ClockSpec phase(Phase phase, Duration after) {
        return new ClockSpec(phase.id(), Optional.of(phase), after);
    }

    public static ClockSpec milestone(String name, Duration after) {
        return new ClockSpec(name, Optional.empty(), after);
    }

    /**
     * How long before the deadline the warning goes out: a fifth of the time allowed, but at least 30 s (or half the
     * time, if shorter) and at most an hour; so a 5-minute triage warns a minute ahead, a 30-second one 15 s ahead,
     * and a 7-day post-mortem an hour ahead.
     */
    public Duration warningLead() {
        Duration fifth = after.dividedBy(5);
        Duration half = after.dividedBy(2);
        Duration floor = half.compareTo(Duration.ofSeconds(30)) < 0 ? half : Duration.ofSeconds(30);
        Duration lead = fifth.compareTo(floor) < 0 ? floor : fifth;
        return lead.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : lead;
    }
}
