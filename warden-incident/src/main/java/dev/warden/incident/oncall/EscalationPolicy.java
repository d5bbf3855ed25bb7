package dev.warden.incident.oncall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An escalation chain: level 1 (usually the primary schedule, at once), then each further level when its delay since
 * the incident opened has passed without an acknowledgement. Delays count from the opening, not from the previous
 * level, and never decrease along the chain.
 */
public record EscalationPolicy(String name, List<EscalationLevel> levels) {

    /**
     * Where an incident's escalation stands at {@code t}.
     *
     * @param due    the levels that must have been told by {@code t}, in order
     * @param nextAt when the next level falls due, if one still can (none once acknowledged or all told)
     */
    public record State(List<EscalationLevel> due, Optional<Instant> nextAt) {}

    public EscalationPolicy {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("an escalation policy has at least one level");
        }
        for (int i = 0; i < levels.size(); i++) {
            EscalationLevel l = levels.get(i);
            if (l.level() != i + 1
                    || (i > 0 && l.after().compareTo(levels.get(i - 1).after()) < 0)) {
                throw new IllegalArgumentException("levels are numbered 1, 2, ... with non-decreasing delays");
            }
        }
    }

    /**
     * Which levels an incident opened at {@code openedAt} owes by {@code t}: a level is owed when its time has come and
     * no acknowledgement came before it (an acknowledgement at the very instant a level falls due stops that level).
     */
    public State state(Instant openedAt, Optional<Instant> acknowledgedAt, Instant t) {
        List<EscalationLevel> due = new ArrayList<>();
        Optional<Instant> next = Optional.empty();
        for (EscalationLevel l : levels) {
            Instant at = l.dueAt(openedAt);
            boolean acknowledgedBefore = acknowledgedAt.map(a -> !a.isAfter(at)).orElse(false);
            if (acknowledgedBefore) {
                break;
            }
            if (!at.isAfter(t)) {
                due.add(l);
            } else {
                next = Optional.of(at);
                break;
            }
        }
        return new State(List.copyOf(due), next);
    }
}
