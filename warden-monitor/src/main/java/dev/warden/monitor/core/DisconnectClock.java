package dev.warden.monitor.core;

/**
 * Seconds since the thing's last connection closed (0 while any is open): a device that stays away longer than
 * its behaviour allows is a datapoint of its own, without any event arriving.
 */
final class DisconnectClock implements MetricWindow {
    private int open;
    private long closedAt = -1;

    @Override
    public void add(Observation o) {
        if (o.amount() > 0) {
            open++;
        } else if (open > 0 && --open == 0) {
            closedAt = o.atMillis();
        }
    }

    @Override
    public double value(long now) {
        return open > 0 || closedAt < 0 ? 0 : Math.max(0, (now - closedAt) / 1000.0);
    }

    @Override
    public boolean idle(long now) {
        return open == 0 && closedAt < 0;
    }
}
