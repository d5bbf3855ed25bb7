package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * One granted subscription.
 *
 * @param rawFilter         the filter exactly as subscribed (with {@code $share/group/} when shared)
 * @param filter            the filter matched against topics
 * @param shareGroup        the share name, or null for an ordinary subscription
 * @param retainHandling    MQTT 5 retain handling: 0 send retained, 1 only if new, 2 never
 * @param subscriptionId    MQTT 5 Subscription Identifier (1..268,435,455), sent with every PUBLISH it matches;
 *                          0 for none
 */
record Subscription(
        String rawFilter,
        String filter,
        String shareGroup,
        MqttQoS qos,
        boolean noLocal,
        boolean retainAsPublished,
        int retainHandling,
        int subscriptionId) {

    /** The largest Subscription Identifier (a variable byte integer). */
    static final int MAX_SUBSCRIPTION_ID = 268_435_455;

    /** A subscription without a Subscription Identifier. */
    Subscription(
            String rawFilter,
            String filter,
            String shareGroup,
            MqttQoS qos,
            boolean noLocal,
            boolean retainAsPublished,
            int retainHandling) {
        this(rawFilter, filter, shareGroup, qos, noLocal, retainAsPublished, retainHandling, 0);
    }

    boolean shared() {
        return shareGroup != null;
    }
}
