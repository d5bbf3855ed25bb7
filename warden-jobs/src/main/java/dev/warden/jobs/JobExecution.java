package dev.warden.jobs;

import dev.warden.jobs.rollout.ExecutionStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One thing's execution of a job.
 *
 * @param version    increases with every change (a device names the version it saw when it updates)
 * @param notifiedAt when the rollout told the thing (empty: still waiting for its turn)
 * @param details    what the device last reported (progress, error code), short strings only
 */
public record JobExecution(
        String jobId,
        String thing,
        ExecutionStatus status,
        long version,
        Instant queuedAt,
        Optional<Instant> notifiedAt,
        Optional<Instant> startedAt,
        Instant updatedAt,
        Map<String, String> details) {
    public JobExecution {
        details = Map.copyOf(details);
    }
}
