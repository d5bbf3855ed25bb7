package dev.warden.monitor.core;

/**
 * A target's own normal for one behaviour, learned online (Welford's mean and variance) from one sample per window
 * of the behaviour: a device that sends 10 messages a minute learns that, one that sends 1,000 learns that. It
 * alarms only once {@code minDatapoints} windows were learned, and a violating window is not learned, so an attack
 * does not become the new normal. A user who marks an alarm benign or false teaches it the value that raised it.
 * The spread has a floor (1, or a tenth of the mean), so a perfectly regular device does not alarm on a single
 * extra message.
 */
public final class LearnedBaseline {
    public static final int DEFAULT_MIN_DATAPOINTS = 30;
    private long count;
    private double mean;
    private double m2;

    public LearnedBaseline() {}

    public LearnedBaseline(long count, double mean, double m2) {
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
    }

    public void learn(double value) {
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
    }

    public boolean ready(int minDatapoints) {
        return count >= minDatapoints;
    }

    /** The value beyond which a sample violates: mean plus (upward) or minus {@code sigmas} spreads. */
    public double bound(boolean upward, double sigmas) {
        double spread = Math.max(stddev(), Math.max(1, Math.abs(mean) / 10));
        return upward ? mean + sigmas * spread : mean - sigmas * spread;
    }

    public double stddev() {
        return count < 2 ? 0 : Math.sqrt(m2 / (count - 1));
    }

    public long count() {
        return count;
    }

    public double mean() {
        return mean;
    }

    public double m2() {
        return m2;
    }
}
