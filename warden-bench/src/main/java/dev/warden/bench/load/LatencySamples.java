package dev.warden.bench.load;

import java.util.Arrays;

/**
 * Every latency sample of one measurement, kept exactly (a 10 s window at tens of thousands of messages a second is a
 * few megabytes), so that p99 is the real 99th percentile and not a bucket bound. Thread-safe.
 */
final class LatencySamples {
    private long[] nanos = new long[1 << 14];
    private int size;

    synchronized void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    synchronized int count() {
        return size;
    }

    /** The sample at {@code quantile} (nearest rank), in milliseconds; NaN when there is none. */
    synchronized double percentileMillis(double quantile) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(quantile * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }
}
