package dev.warden.jobs;

import dev.warden.jobs.rollout.AbortCriterion;
import dev.warden.jobs.rollout.MaintenanceWindow;
import dev.warden.jobs.rollout.RolloutPlanner;
import dev.warden.jobs.rollout.RolloutRate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How a job rolls out: its rate, when it aborts, how long a device may stay in progress, and when it may notify.
 *
 * @param inProgressTimeout null for none
 * @param start             null for at once
 * @param end               null for no end
 */
public record JobSettings(
        RolloutRate rate,
        List<AbortCriterion> abort,
        Duration inProgressTimeout,
        Instant start,
        Instant end,
        List<MaintenanceWindow> windows) {
    public static final Duration MIN_TIMEOUT = Duration.ofMinutes(1);
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

    public JobSettings {
        abort = List.copyOf(abort);
        windows = List.copyOf(windows);
        if (inProgressTimeout != null
                && (inProgressTimeout.compareTo(MIN_TIMEOUT) < 0 || inProgressTimeout.compareTo(MAX_TIMEOUT) > 0)) {
            throw new IllegalArgumentException("the in-progress timeout must be 1 minute to 7 days");
        }
    }

    /** 60 things a minute, no abort criteria, no timeout, at once. */
    public static JobSettings defaults() {
        return new JobSettings(new RolloutRate.Constant(60), List.of(), null, null, null, List.of());
    }

    public RolloutPlanner planner() {
        return new RolloutPlanner(rate, start, end, windows);
    }
}
