package dev.warden.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes a message to the sessions whose subscriptions match it (once per session, at the best matching QoS), and
 * to one member of each matching shared subscription; keeps retained messages. Broker thread only. The PUBLISH path
 * allocates nothing here beyond the deliveries: one map of matches serves every PUBLISH.
 */
final class MessageRouter {
    private final SessionTable sessions;
    private final Subscriptions subscriptions;
    private final RetainedMessages retained;
    /** The subscriptions one PUBLISH matched, reused by {@link #route}; {@code routing} while it is in use. */
    private final Map<String, Subscription> matched = new HashMap<>();

    private boolean routing;

    MessageRouter(SessionTable sessions, Subscriptions subscriptions, RetainedMessages retained) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.retained = retained;
    }

    /** Retains (if asked) and routes a message {@code thing} published; its key encrypts the stored copy. */
    void distribute(Message message, String thing) {
        if (message.retain()) {
            retained.retain(message, thing);
        }
        route(message);
    }

    private void route(Message message) {
        // One map for every PUBLISH; a route started while another runs (none does today) gets its own.
        boolean nested = routing;
        Map<String, Subscription> matched = nested ? new HashMap<>() : this.matched;
        routing = true;
        try {
            subscriptions.matchOrdinary(message.topic(), message.publisherId(), matched);
            for (Map.Entry<String, Subscription> e : matched.entrySet()) {
                Session session = sessions.get(e.getKey());
                if (session != null) {
                    // One delivery per session, at the best matching QoS, naming every matching subscription (MQTT 5
                    // 3.3.4: several Subscription Identifiers when several subscriptions match).
                    List<Integer> ids = session.subscriptionIds(message.topic(), message.publisherId());
                    session.offer(
                            ids.isEmpty()
                                    ? Delivery.of(message, e.getValue())
                                    : Delivery.of(message, e.getValue(), ids));
                }
            }
        } finally {
            matched.clear();
            routing = nested;
        }
        subscriptions.deliverShared(message, sessions);
    }

    /**
     * Sends a message to one client only, on the first of its subscriptions that matches the topic (a reply to its
     * own request, which other clients of the same claim must not see); nothing if it has none.
     */
    void deliverTo(String clientId, Message message) {
        Session session = sessions.get(clientId);
        if (session == null) {
            return;
        }
        for (Subscription sub : session.subscriptions()) {
            if (Topics.matches(sub.filter(), message.topic())) {
                session.offer(Delivery.of(message, sub));
                return;
            }
        }
    }
}
