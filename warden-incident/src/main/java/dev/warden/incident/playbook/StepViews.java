package dev.warden.incident.playbook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A step's view with one thing changed: the runner's state transitions, written once. */
final class StepViews {
    private StepViews() {}

    static StepView done(StepView s, StepState state, Instant at, String detail, List<TargetResult> r) {
        return with(s, state, s.attempts(), s.decidedBy(), s.decidedAt(), s.startedAt(), Optional.of(at), detail, r);
    }

    static StepView with(
            StepView s,
            StepState state,
            int attempts,
            Optional<String> decidedBy,
            Optional<Instant> decidedAt,
            Optional<Instant> startedAt,
            Optional<Instant> finishedAt,
            String detail,
            List<TargetResult> results) {
        return new StepView(
                s.index(),
                s.id(),
                s.action(),
                s.target(),
                s.mode(),
                state,
                attempts,
                decidedBy,
                decidedAt,
                startedAt,
                finishedAt,
                detail,
                results);
    }

    static String summary(List<TargetResult> results) {
        String s = String.join(
                "; ", results.stream().map(r -> r.target() + ": " + r.summary()).toList());
        return s.length() > 1000 ? s.substring(0, 1000) + "..." : s;
    }
}
