package dev.warden.incident.playbook;

import java.time.Instant;
import java.util.List;

/**
 * A step's state change, as the incident's timeline records it: which run and step, the action, the new state, who
 * acted ({@code actor}: the approver or rejecter, else the playbook's role), a summary and each target's result.
 * {@code RUNNING} is the durable intent recorded before the step acts.
 */
public record StepOutcome(
        long runId,
        String playbook,
        String stepId,
        String action,
        StepState state,
        String actor,
        String detail,
        List<TargetResult> results,
        Instant at) {
    public StepOutcome {
        results = List.copyOf(results);
    }
}
