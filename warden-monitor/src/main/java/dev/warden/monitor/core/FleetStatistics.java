package dev.warden.monitor.core;

import java.util.Arrays;

/** Percentiles of a behaviour's values across its targets, for statistical thresholds. */
final class FleetStatistics {
    /** Fewer targets than this and a percentile says nothing about "normal": no statistical alarm. */
    static final int MIN_TARGETS = 5;

    private FleetStatistics() {}

    /** The nearest-rank {@code percentile} of the first {@code n} values, or NaN with fewer than MIN_TARGETS. */
    static double percentile(double[] values, int n, double percentile) {
        if (n < MIN_TARGETS) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }
}
