package dev.warden.monitor.taps;

import dev.warden.gateway.SessionRegistry;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Messages delivered to each thing, from the connections' counters: polled (every second, by the node) rather than
 * observed per delivery, so that fan-out to many subscribers costs the broker thread nothing extra.
 */
public final class ReceivedMessages implements Runnable {
    private final Supplier<Map<Object, SessionRegistry.ConnectionCount>> counters;
    private final ObservationSink sink;
    private final Clock clock;
    private Map<Object, Long> previous = new IdentityHashMap<>();

    public ReceivedMessages(
            Supplier<Map<Object, SessionRegistry.ConnectionCount>> counters, ObservationSink sink, Clock clock) {
        this.counters = counters;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public synchronized void run() {
        Map<Object, SessionRegistry.ConnectionCount> now = counters.get();
        Map<Object, Long> next = new IdentityHashMap<>();
        Map<String, Long> byThing = new HashMap<>();
        now.forEach((connection, count) -> {
            long out = count.counters().messagesOut();
            next.put(connection, out);
            long delta = out - previous.getOrDefault(connection, 0L);
            if (delta > 0) {
                byThing.merge(count.identity().thingName(), delta, Long::sum);
            }
        });
        previous = next;
        long at = clock.millis();
        byThing.forEach((thing, delta) ->
                sink.accept(Observation.count(TargetKey.thing(thing), Metric.NUM_MESSAGES_RECEIVED, delta, at)));
    }
}
