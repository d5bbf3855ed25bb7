package dev.warden.jobs.rollout;

import java.time.Instant;
import java.util.List;

/**
 * How many more things a job may notify now: none outside its schedule (before its start, after its end, outside
 * every maintenance window when it has some), else what its rate leaves of the current minute.
 */
public record RolloutPlanner(RolloutRate rate, Instant start, Instant end, List<MaintenanceWindow> windows) {
    public RolloutPlanner {
        windows = List.copyOf(windows);
        if (start != null && end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("a job's end must be after its start");
        }
    }

    public long notifyNow(Instant now, RolloutProgress progress) {
        if (!inSchedule(now)) {
            return 0;
        }
        long room = rate.perMinute(progress) - progress.notifiedLastMinute();
        return Math.max(0, Math.min(room, progress.pending()));
    }

    public boolean inSchedule(Instant now) {
        if (start != null && now.isBefore(start)) {
            return false;
        }
        if (end != null && !now.isBefore(end)) {
            return false;
        }
        return windows.isEmpty() || windows.stream().anyMatch(w -> w.isOpen(now));
    }
}
