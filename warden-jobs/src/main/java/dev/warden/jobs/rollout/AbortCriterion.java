package dev.warden.jobs.rollout;

import java.util.List;
import java.util.Optional;

/**
 * Stop a job when more than {@code thresholdPercent} of its executed things failed in the given way, once at least
 * {@code minExecuted} things executed (before that, a few early failures say little).
 *
 * @param failure one failure state, or null for any of FAILED, REJECTED, TIMED_OUT
 */
public record AbortCriterion(ExecutionStatus failure, double thresholdPercent, int minExecuted) {
    public AbortCriterion {
        if (failure != null && !failure.isFailure()) {
            throw new IllegalArgumentException("a failure is FAILED, REJECTED or TIMED_OUT, not " + failure);
        }
        if (!(thresholdPercent > 0 && thresholdPercent <= 100)) {
            throw new IllegalArgumentException("thresholdPercent must be above 0 and at most 100");
        }
        if (minExecuted < 1) {
            throw new IllegalArgumentException("minExecuted must be at least 1");
        }
    }

    /** Why the job must abort, if it must: the first criterion met, in the order given. */
    public static Optional<String> firstMet(List<AbortCriterion> criteria, RolloutProgress progress) {
        return criteria.stream().filter(c -> c.isMet(progress)).findFirst().map(c -> c.explain(progress));
    }

    public boolean isMet(RolloutProgress progress) {
        long executed = progress.executed();
        return executed >= minExecuted && failures(progress) * 100.0 / executed > thresholdPercent;
    }

    private long failures(RolloutProgress progress) {
        return failure == null
                ? progress.count(ExecutionStatus.FAILED)
                        + progress.count(ExecutionStatus.REJECTED)
                        + progress.count(ExecutionStatus.TIMED_OUT)
                : progress.count(failure);
    }

    private String explain(RolloutProgress progress) {
        return String.format(
                java.util.Locale.ROOT,
                "%d of %d executed things %s (%.1f%%, above %.1f%% after at least %d)",
                failures(progress),
                progress.executed(),
                failure == null ? "failed, were rejected or timed out" : "ended " + failure,
                failures(progress) * 100.0 / progress.executed(),
                thresholdPercent,
                minExecuted);
    }
}
