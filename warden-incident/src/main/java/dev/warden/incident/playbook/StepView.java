package dev.warden.incident.playbook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One step of a run as stored: its definition's essentials, its state, how many times it was started, who decided
 * it (the approver or rejecter; empty for an automatic step), when, and what it did to each target.
 */
public record StepView(
        int index,
        String id,
        String action,
        Selector target,
        Mode mode,
        StepState state,
        int attempts,
        Optional<String> decidedBy,
        Optional<Instant> decidedAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        String detail,
        List<TargetResult> results) {
    public StepView {
        results = List.copyOf(results);
    }
}
