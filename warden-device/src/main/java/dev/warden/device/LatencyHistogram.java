package dev.warden.device;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of durations in microseconds: exact below 64 µs, then 32 buckets per power of two
 * (at most ~3 % error). Fixed memory whatever the number of samples, so a long simulation of a large fleet cannot
 * run out of heap.
 */
final class LatencyHistogram {
    private static final int LINEAR = 64;
    private static final int SUB_BUCKETS = 32;
    private static final int SUB_BITS = 5;
    private static final int MAX_EXPONENT = 62;

    private final AtomicLongArray counts = new AtomicLongArray(LINEAR + (MAX_EXPONENT - 5) * SUB_BUCKETS);

    void record(Duration latency) {
        recordMicros(Math.max(0, latency.toNanos() / 1_000));
    }

    void recordMicros(long micros) {
        counts.incrementAndGet(index(Math.max(0, micros)));
    }

    long count() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The value at {@code quantile} (0..1), as the lower bound of its bucket; zero when empty. */
    Duration percentile(double quantile) {
        long total = count();
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Duration.ofNanos(lowerBound(i) * 1_000);
            }
        }
        return Duration.ofNanos(lowerBound(counts.length() - 1) * 1_000);
    }

    static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) ((micros >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
        return LINEAR + (exponent - 6) * SUB_BUCKETS + sub;
    }

    static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB_BUCKETS + 6;
        int sub = (index - LINEAR) % SUB_BUCKETS;
        return (1L << exponent) + ((long) sub << (exponent - SUB_BITS));
    }
}
