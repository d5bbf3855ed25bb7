package dev.warden.incident.core;

import java.time.Instant;
import java.util.Optional;

/** A piece of work in an incident, with an owner (an IAM principal) and maybe a due time. */
public record Task(
        long incidentId,
        long id,
        String title,
        String owner,
        Optional<Instant> dueAt,
        boolean done,
        Instant createdAt,
        Optional<Instant> doneAt) {}
