package dev.warden.incident.oncall;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One level of an escalation chain: told {@code after} the incident opened, unless it was acknowledged by then. It
 * reaches the on-call person of {@code schedule}, and/or the named {@code principals} (whose contacts come from the
 * schedules they appear in). Levels are numbered from 1.
 */
public record EscalationLevel(int level, Duration after, Optional<String> schedule, List<String> principals) {
    public EscalationLevel {
        principals = List.copyOf(principals);
        if (level < 1 || after.isNegative() || (schedule.isEmpty() && principals.isEmpty())) {
            throw new IllegalArgumentException("a level is numbered from 1, not negative, and names someone");
        }
    }

    public java.time.Instant dueAt(java.time.Instant openedAt) {
        return openedAt.plus(after);
    }
}
