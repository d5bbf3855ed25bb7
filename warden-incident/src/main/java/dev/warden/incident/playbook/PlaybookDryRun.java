package dev.warden.incident.playbook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A playbook's dry run: each step's targets looked up as a run would, each action decided by the playbook's role,
 * and nothing done. What a responder reads before starting a playbook (or approving its next step).
 */
final class PlaybookDryRun {
    private PlaybookDryRun() {}

    static List<PlannedAction> plan(
            Playbook p,
            PlaybookRole role,
            StepExecutor executor,
            TargetArns arns,
            PlaybookContext context,
            Instant now) {
        List<PlannedAction> out = new ArrayList<>();
        for (Step s : p.steps()) {
            List<Target> targets;
            try {
                targets = executor.targets(s, context);
            } catch (RuntimeException e) {
                out.add(new PlannedAction(
                        s.id(),
                        s.action(),
                        s.mode(),
                        null,
                        null,
                        false,
                        "its targets could not be looked up: " + StepExecutor.message(e)));
                continue;
            }
            if (targets.isEmpty()) {
                out.add(new PlannedAction(
                        s.id(),
                        s.action(),
                        s.mode(),
                        null,
                        null,
                        true,
                        "no " + s.target().id() + " target: it would be skipped"));
            }
            for (Target t : targets) {
                String arn = arns.arn(t);
                boolean allowed = role.decide(s.action(), arn, now).allowed();
                out.add(new PlannedAction(
                        s.id(),
                        s.action(),
                        s.mode(),
                        t,
                        arn,
                        allowed,
                        (allowed ? "" : "denied by " + role.name() + ": ")
                                + (s.mode() == Mode.APPROVAL ? "would wait for approval" : "would run at once")));
            }
        }
        return out;
    }
}
