package dev.warden.gateway;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push-back: which publishers' connections are not read because a push-back subscriber cannot take their messages
 * yet (see {@link SlowConsumerPolicy}). A publisher is read again when every subscriber that holds it has caught up,
 * or has held it for {@link SlowConsumerPolicy#maxPushBack()}. Broker thread only; the reads stop and start on the
 * publishers' own event loops (Netty's auto-read), so no thread ever waits.
 */
final class PublisherHolds {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherHolds.class);

    /** One subscriber's hold: since when, on whom. */
    private static final class Hold {
        final long since;
        final String subscriber;
        final Set<MqttConnection> publishers = new HashSet<>();

        Hold(long since, String subscriber) {
            this.since = since;
            this.subscriber = subscriber;
        }
    }

    private final long maxHoldNanos;
    private final Map<Object, Hold> holds = new IdentityHashMap<>();
    /** How many subscribers hold each publisher. */
    private final Map<MqttConnection, Integer> holders = new HashMap<>();
    /** Subscribers that held for too long and have not caught up since. */
    private final Set<Object> expired = Collections.newSetFromMap(new IdentityHashMap<>());

    /** The connection whose PUBLISH is being routed now, or null (a will, a retained message). */
    private MqttConnection publishing;

    private final FlowCounters counters;

    PublisherHolds(SlowConsumerPolicy policy, FlowCounters counters) {
        this.maxHoldNanos = policy.maxPushBack().toNanos();
        this.counters = counters;
    }

    /** The next deliveries come from {@code connection}'s PUBLISH (null when routing ends). */
    void publishing(MqttConnection connection) {
        publishing = connection;
    }

    /** Whether {@code subscriber} holds publishers now. */
    boolean holding(Object subscriber) {
        return holds.containsKey(subscriber);
    }

    /** Whether {@code subscriber} held for too long and has not caught up since: it drops, as any slow subscriber. */
    boolean expired(Object subscriber) {
        return expired.contains(subscriber);
    }

    /**
     * {@code subscriber} (connected as {@code self}) queued a message of the publisher being routed now: that
     * publisher is not read until the subscriber {@link #release releases} it. A subscriber never holds itself (its
     * acknowledgements come on the same connection).
     */
    void hold(Object subscriber, String clientId, MqttConnection self) {
        MqttConnection publisher = publishing;
        Hold hold = holds.get(subscriber);
        if (hold == null) {
            hold = new Hold(System.nanoTime(), clientId);
            holds.put(subscriber, hold);
        }
        if (publisher == null || publisher == self || !hold.publishers.add(publisher)) {
            return;
        }
        if (holders.merge(publisher, 1, Integer::sum) == 1) {
            counters.publisherHolds.incrementAndGet();
            publisher.holdReading(true);
        }
    }

    /** {@code subscriber} caught up (or went away): its publishers are read again, unless another holds them. */
    void release(Object subscriber) {
        expired.remove(subscriber);
        Hold hold = holds.remove(subscriber);
        if (hold != null) {
            letGo(hold);
        }
    }

    /** Lets go of every hold older than the policy allows; its subscriber drops until it has caught up. */
    void expire(long now) {
        for (Iterator<Map.Entry<Object, Hold>> it = holds.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Object, Hold> e = it.next();
            Hold hold = e.getValue();
            if (now - hold.since > maxHoldNanos) {
                // The key first: an identity map's entry is not valid once removed.
                expired.add(e.getKey());
                it.remove();
                counters.pushBackExpiries.incrementAndGet();
                LOG.warn(
                        "Subscriber {} held {} publisher(s) for {} ms without catching up; reading them again, and"
                                + " dropping QoS 0 messages for it until it has",
                        hold.subscriber,
                        hold.publishers.size(),
                        maxHoldNanos / 1_000_000);
                letGo(hold);
            }
        }
    }

    private void letGo(Hold hold) {
        for (MqttConnection publisher : hold.publishers) {
            Integer left = holders.merge(publisher, -1, Integer::sum);
            if (left != null && left <= 0) {
                holders.remove(publisher);
                publisher.holdReading(false);
            }
        }
    }
}
