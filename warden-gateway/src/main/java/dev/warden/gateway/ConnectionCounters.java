package dev.warden.gateway;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one connection has carried: PUBLISH packets and payload bytes, in (counted on its I/O thread) and out (counted
 * on the broker thread), added to the gateway's {@link TrafficTotals} as well; read from any thread.
 */
final class ConnectionCounters {
    private final TrafficTotals totals;
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    /** Topics published to and filters subscribed since the last {@link #drainTopics()}, bounded. */
    private volatile Set<String> published = ConcurrentHashMap.newKeySet();

    private volatile Set<String> subscribed = ConcurrentHashMap.newKeySet();

    ConnectionCounters(TrafficTotals totals) {
        this.totals = totals;
    }

    /** A PUBLISH with {@code payloadBytes} of payload came in. */
    void received(int payloadBytes) {
        messagesIn.incrementAndGet();
        bytesIn.addAndGet(payloadBytes);
        totals.messagesIn.increment();
        totals.payloadBytesIn.add(payloadBytes);
    }

    /** A PUBLISH with {@code payloadBytes} of payload goes out. */
    void sent(int payloadBytes) {
        messagesOut.incrementAndGet();
        bytesOut.addAndGet(payloadBytes);
        totals.messagesOut.increment();
        totals.payloadBytesOut.add(payloadBytes);
    }

    /** An authorized PUBLISH on {@code topic} (recorded once per distinct topic, at most {@link ObservedTopics#MAX}). */
    void publishedTo(String topic) {
        Set<String> set = published;
        if (set.size() < ObservedTopics.MAX && !set.contains(topic)) {
            set.add(topic);
        }
    }

    /** A granted subscription to {@code filter} (as the client wrote it, shared subscriptions included). */
    void subscribedTo(String filter) {
        Set<String> set = subscribed;
        if (set.size() < ObservedTopics.MAX) {
            set.add(filter);
        }
    }

    /** The distinct topics and filters seen since the last call; starts afresh. */
    ObservedTopics drainTopics() {
        Set<String> p = published;
        Set<String> s = subscribed;
        published = ConcurrentHashMap.newKeySet();
        subscribed = ConcurrentHashMap.newKeySet();
        return new ObservedTopics(List.copyOf(p), List.copyOf(s));
    }

    MessageCounters snapshot() {
        return new MessageCounters(messagesIn.get(), bytesIn.get(), messagesOut.get(), bytesOut.get());
    }
}
