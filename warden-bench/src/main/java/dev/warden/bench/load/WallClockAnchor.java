package dev.warden.bench.load;

import java.time.Instant;

/**
 * Ties {@link System#nanoTime()} readings to wall-clock time. The probes measure with the monotonic clock; a window's
 * wall-clock start and end let a reader match it with the broker's own logs (GC logs with {@code :time} decorations,
 * for instance), which only know the wall clock.
 */
record WallClockAnchor(Instant wallClock, long nanoTime) {

    /** Both clocks read now, one right after the other. */
    static WallClockAnchor now() {
        return new WallClockAnchor(Instant.now(), System.nanoTime());
    }

    /** The wall-clock time of a {@link System#nanoTime()} reading taken in this JVM. */
    Instant at(long nanos) {
        return wallClock.plusNanos(nanos - nanoTime);
    }
}
