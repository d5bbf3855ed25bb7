package dev.warden.jobs.rollout;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * A daily window, in UTC, during which a scheduled job may notify things (devices are updated at night, say). A window
 * may cross midnight.
 */
public record MaintenanceWindow(LocalTime start, Duration length) {
    public MaintenanceWindow {
        if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofHours(24)) >= 0) {
            throw new IllegalArgumentException("a maintenance window lasts more than 0 and less than 24 hours");
        }
    }

    public boolean isOpen(Instant now) {
        long sinceStart = Duration.between(start, now.atOffset(ZoneOffset.UTC).toLocalTime())
                .toSeconds();
        long day = Duration.ofDays(1).toSeconds();
        return Math.floorMod(sinceStart, day) < length.toSeconds();
    }
}
