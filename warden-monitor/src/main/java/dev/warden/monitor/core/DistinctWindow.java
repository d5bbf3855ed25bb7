package dev.warden.monitor.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Distinct items (topics, client IDs, addresses) seen in a sliding window, each with the last time it was seen.
 * At most {@value #CAP} are kept: beyond that the count saturates, which already violates any sensible threshold,
 * and a device cycling through endless topics cannot grow the node's memory.
 */
final class DistinctWindow implements MetricWindow {
    static final int CAP = 64;
    private final long windowMillis;
    private String[] items = new String[2];
    private long[] seen = new long[2];
    private int size;

    DistinctWindow(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    @Override
    public void add(Observation o) {
        String item = o.item();
        if (item == null) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (items[i].equals(item)) {
                seen[i] = Math.max(seen[i], o.atMillis());
                return;
            }
        }
        expire(o.atMillis());
        if (size == CAP) {
            int oldest = 0;
            for (int i = 1; i < size; i++) {
                oldest = seen[i] < seen[oldest] ? i : oldest;
            }
            items[oldest] = item;
            seen[oldest] = o.atMillis();
            return;
        }
        if (size == items.length) {
            items = java.util.Arrays.copyOf(items, Math.min(CAP, size * 2));
            seen = java.util.Arrays.copyOf(seen, items.length);
        }
        items[size] = item;
        seen[size++] = o.atMillis();
    }

    private void expire(long now) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (seen[i] > now - windowMillis) {
                items[kept] = items[i];
                seen[kept++] = seen[i];
            }
        }
        for (int i = kept; i < size; i++) {
            items[i] = null;
        }
        size = kept;
    }

    @Override
    public double value(long now) {
        expire(now);
        return size;
    }

    /** The items still in the window at {@code now}. */
    List<String> items(long now) {
        expire(now);
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(items[i]);
        }
        return out;
    }

    @Override
    public boolean idle(long now) {
        return value(now) == 0;
    }
}
