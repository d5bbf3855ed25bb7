package dev.warden.monitor;

import dev.warden.monitor.core.Observation;

/**
 * Where producers hand observations to monitoring. Called on I/O, broker and request threads: implementations must
 * not block (queue and return; count what overflows).
 */
@FunctionalInterface
public interface ObservationSink {
    ObservationSink NONE = o -> {};

    void accept(Observation observation);
}
