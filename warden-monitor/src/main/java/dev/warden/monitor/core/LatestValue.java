package dev.warden.monitor.core;

/** The latest value a device reported; it counts until the device reports again. */
final class LatestValue implements MetricWindow {
    private double value;
    private boolean reported;

    @Override
    public void add(Observation o) {
        value = o.amount();
        reported = true;
    }

    @Override
    public double value(long now) {
        return value;
    }

    @Override
    public boolean idle(long now) {
        return !reported;
    }
}
