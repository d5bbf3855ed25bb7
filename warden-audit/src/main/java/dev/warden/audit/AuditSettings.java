package dev.warden.audit;

import java.time.Duration;

/**
 * How the trail batches and signs.
 *
 * @param queueCapacity      events waiting for the writer; beyond it the data plane's events are dropped and counted
 *                           (the data plane never blocks) and durable appends wait up to {@code durableTimeout}
 * @param maxBatch           events per group commit
 * @param digestEveryEvents  a digest is signed once this many events are undigested...
 * @param digestInterval     ...or once the oldest undigested event is this old
 * @param durableTimeout     how long an admin action waits for its event to be durable before it is refused
 */
public record AuditSettings(
        int queueCapacity, int maxBatch, long digestEveryEvents, Duration digestInterval, Duration durableTimeout) {
    public static final AuditSettings DEFAULTS =
            new AuditSettings(262_144, 20_000, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(5));

    public AuditSettings {
        if (queueCapacity < 1 || maxBatch < 1 || digestEveryEvents < 1) {
            throw new IllegalArgumentException("audit queue, batch and digest sizes must be positive");
        }
        if (digestInterval.isNegative() || digestInterval.isZero() || durableTimeout.isNegative()) {
            throw new IllegalArgumentException("audit intervals must be positive");
        }
    }
}
