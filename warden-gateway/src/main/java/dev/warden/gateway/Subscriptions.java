package dev.warden.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions of every session, kept in step in the routing structures ({@link SubscriptionIndex} for ordinary
 * ones, {@link SharedSubscriptions} for shared ones), and the broker's side of SUBSCRIBE and UNSUBSCRIBE. Broker
 * thread only.
 */
final class Subscriptions {
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final SharedSubscriptions shared = new SharedSubscriptions();
    private final GatewayLimits limits;
    private final GatewayEvents events;
    private final RetainedMessages retained;

    Subscriptions(GatewayLimits limits, GatewayEvents events, RetainedMessages retained) {
        this.limits = limits;
        this.events = events;
        this.retained = retained;
    }

    /** Adds or replaces a subscription of the session, here and in the routing structures. */
    void add(Session session, Subscription sub) {
        session.putSubscription(sub);
        if (sub.shared()) {
            shared.join(session.clientId(), sub);
        } else {
            index.put(session.clientId(), sub);
        }
    }

    /** Removes the session's subscription with this raw filter; returns it, or null if there was none. */
    Subscription remove(Session session, String rawFilter) {
        Subscription removed = session.removeSubscription(rawFilter);
        if (removed != null) {
            unindex(session, removed);
        }
        return removed;
    }

    /** Takes every subscription of the session (which ends) out of the routing structures. */
    void removeAll(Session session) {
        for (Subscription sub : session.subscriptions()) {
            unindex(session, sub);
        }
    }

    private void unindex(Session session, Subscription sub) {
        if (sub.shared()) {
            shared.leave(session.clientId(), sub);
        } else {
            index.remove(session.clientId(), sub);
        }
    }

    /** Policies may have changed while the session was offline: what they no longer allow is unsubscribed. */
    void dropNoLongerAllowed(Session session, Authorizer authorizer) {
        for (Subscription sub : List.copyOf(session.subscriptions())) {
            if (!authorizer.maySubscribe(sub.rawFilter())) {
                remove(session, sub.rawFilter());
            }
        }
    }

    /** Per client, its best ordinary subscription matching the topic, into {@code best} (see SubscriptionIndex). */
    void matchOrdinary(String topic, String publisherId, Map<String, Subscription> best) {
        index.match(topic, publisherId, best);
    }

    /** Offers the message to one member of every matching shared subscription. */
    void deliverShared(Message message, SessionTable sessions) {
        shared.deliver(message, sessions);
    }

    /** SUBSCRIBE: adds what was accepted, answers SUBACK, then sends the retained messages the new ones ask for. */
    void subscribe(Session session, MqttConnection connection, int packetId, List<Broker.SubscribeRequest> requests) {
        List<Integer> codes = new ArrayList<>(requests.size());
        List<Subscription> wantRetained = new ArrayList<>();
        for (Broker.SubscribeRequest request : requests) {
            Subscription sub = request.subscription();
            if (sub == null) {
                codes.add(request.failureCode());
                continue;
            }
            boolean existed = session.hasSubscription(sub.rawFilter());
            if (!existed && session.subscriptionCount() >= limits.maxSubscriptionsPerClient()) {
                codes.add(connection.isMqtt5() ? ReasonCode.QUOTA_EXCEEDED.code : 0x80);
                continue;
            }
            add(session, sub);
            if (!sub.shared() && (sub.retainHandling() == 0 || (sub.retainHandling() == 1 && !existed))) {
                wantRetained.add(sub);
            }
            codes.add(sub.qos().value());
            events.subscribed(session.clientId(), sub.rawFilter(), sub.qos().value());
        }
        session.save(0);
        connection.write(Packets.subAck(packetId, codes));
        long now = System.nanoTime();
        for (Subscription sub : wantRetained) {
            for (Message m : retained.matching(sub.filter(), now)) {
                // Retained messages sent because of a new subscription always carry RETAIN=1.
                Delivery d = Delivery.of(m, sub);
                session.offer(new Delivery(m, d.qos(), true, d.subscriptionIds()));
            }
        }
    }

    /** UNSUBSCRIBE: removes the filters and answers UNSUBACK. */
    void unsubscribe(Session session, MqttConnection connection, int packetId, List<String> filters) {
        List<Short> codes = new ArrayList<>(filters.size());
        for (String filter : filters) {
            Subscription removed = remove(session, filter);
            codes.add((short) (removed != null ? ReasonCode.SUCCESS.code : ReasonCode.NO_SUBSCRIPTION_EXISTED.code));
        }
        session.save(0);
        connection.write(Packets.unsubAck(packetId, codes));
    }
}
