package dev.warden.incident.playbook.store;

import java.time.Instant;
import java.util.Optional;

/** A {@code playbook_runs} row; {@code context} is JSON, {@code definition} the playbook's text. */
public record RunRow(
        long id,
        long incidentId,
        String playbook,
        String definition,
        String context,
        String status,
        String startedBy,
        Instant startedAt,
        Instant updatedAt,
        Optional<Instant> containedAt) {}
