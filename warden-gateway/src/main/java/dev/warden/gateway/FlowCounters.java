package dev.warden.gateway;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The broker's and connections' share of {@link GatewayCounters}; incremented from any thread. */
final class FlowCounters {
    final AtomicLong slowConsumerDisconnects = new AtomicLong();
    final AtomicLong publishRateDisconnects = new AtomicLong();
    /** Times a publisher stopped being read for a push-back subscriber, and holds that ran out of time. */
    final AtomicLong publisherHolds = new AtomicLong();

    final AtomicLong pushBackExpiries = new AtomicLong();
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    /** Per subscriber; touched on the broker thread only. */
    final SubscriberDropTable bySubscriber = new SubscriberDropTable();

    void dropped(DropReason reason) {
        drops.incrementAndGet(reason.ordinal());
    }

    long drops(DropReason reason) {
        return drops.get(reason.ordinal());
    }

    Map<DropReason, Long> drops() {
        Map<DropReason, Long> all = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            all.put(r, drops.get(r.ordinal()));
        }
        return all;
    }
}
