package dev.warden.incident.playbook.store;

import java.time.Instant;
import java.util.Optional;

/** A {@code playbook_steps} row; {@code results} is JSON. */
public record StepRow(
        long runId,
        int index,
        String stepId,
        String state,
        int attempts,
        Optional<String> decidedBy,
        Optional<Instant> decidedAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        String detail,
        String results) {}
