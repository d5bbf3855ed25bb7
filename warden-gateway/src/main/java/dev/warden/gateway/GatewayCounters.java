package dev.warden.gateway;

import java.util.Map;

/**
 * Protection counters since the gateway was created, for metrics.
 *
 * @param refusedConnections      connections closed on accept by the firewall, all reasons
 * @param refusedByReason         the same, by {@link Admission}
 * @param bansStarted             address bans started (automatic and by operators)
 * @param activeBans              addresses banned now
 * @param trackedAddresses        source addresses the firewall holds state for
 * @param slowConsumerDrops       QoS 0 messages dropped because the subscriber's connection was not writable
 * @param queueOverflowDrops      QoS 1/2 messages dropped because the subscriber's session queue was full
 * @param slowConsumerDisconnects subscribers cut off by the {@link SlowConsumerPolicy}
 * @param publishRateDisconnects  clients cut off for publishing faster than {@link FirewallRules#publishRate()}
 * @param dropsByReason           messages not delivered to a subscriber, by {@link DropReason} (every reason present)
 * @param publisherHolds          times a publisher's connection stopped being read for a push-back subscriber
 * @param pushBackExpiries        push-back subscribers that held their publishers for as long as allowed and were
 *                                then treated as slow subscribers (see {@link SlowConsumerPolicy#maxPushBack()})
 */
public record GatewayCounters(
        long refusedConnections,
        Map<Admission, Long> refusedByReason,
        long bansStarted,
        int activeBans,
        int trackedAddresses,
        long slowConsumerDrops,
        long queueOverflowDrops,
        long slowConsumerDisconnects,
        long publishRateDisconnects,
        Map<DropReason, Long> dropsByReason,
        long publisherHolds,
        long pushBackExpiries) {

    public GatewayCounters {
        refusedByReason = Map.copyOf(refusedByReason);
        dropsByReason = Map.copyOf(dropsByReason);
    }
}
