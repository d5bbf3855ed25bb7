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

    /**
     * Several observations of one event (a publish is a message, a size and a topic). A queueing sink takes them in
     * one hand-off, so that a hot path pays for one, not one per metric.
     */
    default void acceptAll(Observation... observations) {
        for (Observation o : observations) {
            accept(o);
        }
    }
}
