package dev.warden.monitor.core;

import java.util.Set;

/** The ports in the device's latest report. */
final class LatestPorts implements MetricWindow {
    private Set<Integer> ports = Set.of();

    @Override
    public void add(Observation o) {
        ports = o.ports() == null ? Set.of() : o.ports();
    }

    Set<Integer> ports() {
        return ports;
    }

    @Override
    public double value(long now) {
        return ports.size();
    }

    @Override
    public boolean idle(long now) {
        return ports.isEmpty();
    }
}
