package dev.warden.node.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A figure read from the database at most once per {@link #REFRESH}, however often it is asked for: the meters of
 * one Prometheus scrape (a gauge per severity, say) share one query, and the public status page, which anyone may
 * request, costs one query every few seconds at most.
 */
public final class Recent<T> implements Supplier<T> {
    public static final Duration REFRESH = Duration.ofSeconds(5);

    private final Supplier<T> source;
    private final Clock clock;
    private T value;
    private long at = Long.MIN_VALUE;

    public Recent(Supplier<T> source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    @Override
    public synchronized T get() {
        long now = clock.millis();
        if (value == null || now - at >= REFRESH.toMillis()) {
            value = source.get();
            at = now;
        }
        return value;
    }
}
