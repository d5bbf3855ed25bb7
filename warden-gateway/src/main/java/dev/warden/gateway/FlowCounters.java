package dev.warden.gateway;

import java.util.concurrent.atomic.AtomicLong;

/** The broker's and connections' share of {@link GatewayCounters}; incremented from any thread. */
final class FlowCounters {
    final AtomicLong slowConsumerDrops = new AtomicLong();
    final AtomicLong queueOverflowDrops = new AtomicLong();
    final AtomicLong slowConsumerDisconnects = new AtomicLong();
    final AtomicLong publishRateDisconnects = new AtomicLong();
}
