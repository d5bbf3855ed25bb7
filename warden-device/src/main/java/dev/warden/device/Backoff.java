package dev.warden.device;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code initial}, doubled per attempt, capped at {@code max}, with "equal
 * jitter" (half fixed, half random) so a fleet that lost its gateway at the same moment does not come back in one
 * burst, yet every device still waits at least half the nominal delay.
 *
 * @param initial     nominal delay before the first reconnect attempt
 * @param max         upper bound of any delay
 * @param maxAttempts attempts before the client gives up; 0 retries for as long as the client is open
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0");
        }
    }

    /** 1 s doubling to 2 min, retrying for as long as the client is open. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), 0);
    }

    /** The nominal (unjittered) delay before attempt {@code attempt} (0-based). */
    public Duration nominal(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0");
        }
        long initialMillis = initial.toMillis();
        // Beyond 2^30 the product would overflow long long before it mattered: max caps it anyway.
        int shift = Math.min(attempt, 30);
        long millis = initialMillis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : initialMillis << shift;
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** The delay before attempt {@code attempt}: in [nominal/2, nominal]. */
    public Duration delay(int attempt, RandomGenerator random) {
        long nominal = nominal(attempt).toMillis();
        long half = nominal / 2;
        return Duration.ofMillis(half + random.nextLong(nominal - half + 1));
    }

    /** True when attempt {@code attempt} (0-based) may still be made. */
    public boolean allows(int attempt) {
        return maxAttempts == 0 || attempt < maxAttempts;
    }
}
