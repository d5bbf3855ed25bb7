package dev.warden.bench.load;

import java.util.Arrays;

/**
 * Warden / Mosquitto per A/B round, paired by round: each round runs the two brokers back to back, so a spell of
 * noise on the shared machine (one broker's p99 can swing tenfold between rounds) lands in one pair rather than in
 * only one broker's median. The report gives the median of these ratios beside the ratio of the medians.
 *
 * @param median the median ratio, NaN when no round has both figures
 * @param min    the lowest ratio of a round
 * @param max    the highest ratio of a round
 */
record RoundRatios(double median, double min, double max) {

    /**
     * Pairs the i-th figure of each broker; a pair with a figure missing (NaN) or a Mosquitto figure of 0 is left out.
     */
    static RoundRatios of(double[] warden, double[] mosquitto) {
        int rounds = Math.min(warden.length, mosquitto.length);
        double[] ratios = new double[rounds];
        int n = 0;
        for (int i = 0; i < rounds; i++) {
            double ratio = warden[i] / mosquitto[i];
            if (!Double.isNaN(ratio) && !Double.isInfinite(ratio)) {
                ratios[n++] = ratio;
            }
        }
        if (n == 0) {
            return new RoundRatios(Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = Arrays.copyOf(ratios, n);
        Arrays.sort(sorted);
        return new RoundRatios(medianOfSorted(sorted), sorted[0], sorted[n - 1]);
    }

    /** The median of {@code values}, in any order (left unchanged); NaN for none. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return medianOfSorted(sorted);
    }

    private static double medianOfSorted(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        int mid = n / 2;
        return n % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** As a table cell: "1.52 (0.81–3.19)", or "-" when there is no pair. */
    String cell() {
        return Double.isNaN(median) ? "-" : String.format("%.2f (%.2f–%.2f)", median, min, max);
    }
}
