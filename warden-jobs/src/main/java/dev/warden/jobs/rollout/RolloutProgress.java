package dev.warden.jobs.rollout;

import java.util.Map;

/**
 * Where a job's rollout stands: how many things were notified in all and in the last minute, and how many executions
 * are in each state.
 */
public record RolloutProgress(
        long notified, long notifiedLastMinute, long pending, Map<ExecutionStatus, Long> byStatus) {
    public RolloutProgress {
        byStatus = Map.copyOf(byStatus);
    }

    public long count(ExecutionStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }

    public long succeeded() {
        return count(ExecutionStatus.SUCCEEDED);
    }

    /** Executions that reached an outcome of the device's or a timeout (not canceled or removed ones). */
    public long executed() {
        return succeeded()
                + count(ExecutionStatus.FAILED)
                + count(ExecutionStatus.REJECTED)
                + count(ExecutionStatus.TIMED_OUT);
    }
}
