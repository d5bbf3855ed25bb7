package dev.warden.region.core;

import java.time.Duration;

/**
 * How long a link loop waits after a failure: {@code first}, doubled after each further failure up to {@code max},
 * back to {@code first} after a success. A region that is down is asked less and less often, one that comes back is
 * noticed within {@code max}.
 */
public final class Backoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    public Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait after this failure; the next one will be twice as long, at most {@code max}. */
    public Duration failed() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }

    public void succeeded() {
        next = first;
    }
}
