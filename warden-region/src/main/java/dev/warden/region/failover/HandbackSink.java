package dev.warden.region.failover;

import java.util.List;

/** Where a home region stores what its standby hands back (the node: its telemetry store, under its own keys). */
@FunctionalInterface
public interface HandbackSink {
    /** Stores {@code messages} of this region's {@code thing}; returns how many were stored. */
    int restore(String thing, List<GuestData.Message> messages);
}
