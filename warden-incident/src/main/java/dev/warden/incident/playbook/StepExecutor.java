package dev.warden.incident.playbook;

import dev.warden.policy.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The three parts of carrying a step out, each without state of its own: which targets it has, whether the
 * playbook's role allows it on every one of them, and doing it target by target. A step denied on one target is
 * done on none (fail closed); a target that fails does not stop the others (containing four devices of five is
 * better than none), but the step is then failed.
 */
final class StepExecutor {
    private static final int MAX_MESSAGE = 300;

    private final PlaybookActions actions;
    private final TargetArns arns;

    StepExecutor(PlaybookActions actions, TargetArns arns) {
        this.actions = actions;
        this.arns = arns;
    }

    /** The step's targets in the run's context; derived ones are looked up now (which may throw). */
    List<Target> targets(Step step, PlaybookContext context) {
        Selector selector = step.target();
        Set<String> values = new LinkedHashSet<>();
        if (selector.derived()) {
            for (String source : context.values(selector.source())) {
                values.addAll(actions.expand(selector, source));
            }
        } else {
            values.addAll(context.values(selector));
        }
        List<Target> out = new ArrayList<>();
        for (String v : values) {
            out.add(new Target(selector.kind(), v));
        }
        return out;
    }

    /** Empty when the role allows the step on every target; else each target's result, the step doing nothing. */
    Optional<List<TargetResult>> denials(PlaybookRole role, Step step, List<Target> targets, Instant now) {
        List<TargetResult> results = new ArrayList<>();
        boolean denied = false;
        for (Target t : targets) {
            String arn = arns.arn(t);
            Decision d = role.decide(step.action(), arn, now);
            if (d.allowed()) {
                results.add(new TargetResult(t.toString(), arn, TargetResult.Outcome.NOT_RUN, "allowed", List.of()));
            } else {
                denied = true;
                results.add(new TargetResult(
                        t.toString(),
                        arn,
                        TargetResult.Outcome.DENIED,
                        role.name() + " may not " + step.action() + " on " + arn,
                        List.of()));
            }
        }
        return denied ? Optional.of(results) : Optional.empty();
    }

    List<TargetResult> perform(long incidentId, Step step, List<Target> targets) {
        List<TargetResult> results = new ArrayList<>();
        for (Target t : targets) {
            String arn = arns.arn(t);
            try {
                ActionResult r = actions.perform(incidentId, step.operation(), t, step);
                if (r == null) {
                    throw new IllegalStateException("the action reported nothing");
                }
                results.add(new TargetResult(
                        t.toString(),
                        arn,
                        r.changed() ? TargetResult.Outcome.CHANGED : TargetResult.Outcome.UNCHANGED,
                        r.summary(),
                        r.items()));
            } catch (RuntimeException e) {
                results.add(new TargetResult(t.toString(), arn, TargetResult.Outcome.FAILED, message(e), List.of()));
            }
        }
        return results;
    }

    /** The failure's own message (the actions promise it holds no secret), shortened; a bare exception's class. */
    static String message(RuntimeException e) {
        String m = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getMessage();
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }
}
