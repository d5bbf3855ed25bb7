package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * One granted subscription.
 *
 * @param rawFilter         the filter exactly as subscribed (with {@code $share/group/} when shared)
 * @param filter            the filter matched against topics
 * @param shareGroup        the share name, or null for an ordinary subscription
 * @param retainHandling    MQTT 5 retain handling: 0 send retained, 1 only if new, 2 never
 */
record Subscription(String rawFilter, String filter, String shareGroup, MqttQoS qos, boolean noLocal,
        boolean retainAsPublished, int retainHandling) {

    boolean shared() {
        return shareGroup != null;
    }
}
