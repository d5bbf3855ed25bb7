package dev.warden.monitor.core;

import java.util.Arrays;

/**
 * A sum (or maximum) over a sliding window, kept in {@value #BUCKETS} buckets of a tenth of the window each: the
 * value covers between 9/10 of the window and the whole window, and memory is the same for a quiet device as for
 * a flooding one.
 */
final class SlidingWindow implements MetricWindow {
    static final int BUCKETS = 10;
    private final long bucketMillis;
    private final boolean max;
    private final double[] buckets = new double[BUCKETS];
    /** Index (time / bucketMillis) of the newest bucket written. */
    private long newest = Long.MIN_VALUE;

    SlidingWindow(long windowMillis, boolean max) {
        this.bucketMillis = Math.max(1, windowMillis / BUCKETS);
        this.max = max;
    }

    @Override
    public void add(Observation o) {
        long index = Math.floorDiv(o.atMillis(), bucketMillis);
        if (newest != Long.MIN_VALUE && index < newest - (BUCKETS - 1)) {
            return; // older than the window: a late event is not counted
        }
        advanceTo(index);
        int slot = (int) Math.floorMod(index, (long) BUCKETS);
        buckets[slot] = max ? Math.max(buckets[slot], o.amount()) : buckets[slot] + o.amount();
    }

    private void advanceTo(long index) {
        if (index <= newest) {
            return;
        }
        if (newest == Long.MIN_VALUE || index - newest >= BUCKETS) {
            Arrays.fill(buckets, 0);
        } else {
            for (long i = newest + 1; i <= index; i++) {
                buckets[(int) Math.floorMod(i, (long) BUCKETS)] = 0;
            }
        }
        newest = index;
    }

    @Override
    public double value(long now) {
        advanceTo(Math.floorDiv(now, bucketMillis));
        double v = 0;
        for (double b : buckets) {
            v = max ? Math.max(v, b) : v + b;
        }
        return v;
    }

    @Override
    public boolean idle(long now) {
        return value(now) == 0;
    }
}
