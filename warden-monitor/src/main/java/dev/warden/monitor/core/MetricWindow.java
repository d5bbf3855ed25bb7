package dev.warden.monitor.core;

/**
 * A behaviour's running aggregate for one target. Implementations keep a bounded amount of memory whatever the
 * traffic, since one exists per monitored target and behaviour.
 */
interface MetricWindow {
    void add(Observation o);

    /** The numeric value at {@code now} (a sum, maximum, distinct count or latest value). */
    double value(long now);

    /** Whether the window holds nothing that could still count at {@code now}. */
    boolean idle(long now);

    static MetricWindow of(Behaviour b) {
        long window = b.window().toMillis();
        return switch (b.metric().kind()) {
            case SUM -> new SlidingWindow(window, false);
            case MAX -> new SlidingWindow(window, true);
            case DISTINCT, ADDRESSES -> new DistinctWindow(window);
            case LATEST -> b.metric() == Metric.DISCONNECT_DURATION ? new DisconnectClock() : new LatestValue();
            case PORTS -> new LatestPorts();
        };
    }
}
