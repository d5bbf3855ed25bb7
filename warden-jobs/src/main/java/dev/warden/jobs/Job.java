package dev.warden.jobs;

import java.time.Instant;
import java.util.Optional;

/**
 * A job: install release {@code version} of {@code thingType} on its targets.
 *
 * @param reason why it ended early (canceled by whom, or which abort criterion was met); empty otherwise
 */
public record Job(
        String id,
        String thingType,
        String version,
        JobStatus status,
        JobSettings settings,
        Instant createdAt,
        String createdBy,
        Optional<Instant> endedAt,
        Optional<String> reason) {}
