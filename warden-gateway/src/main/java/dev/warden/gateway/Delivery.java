package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.List;

/**
 * A message on its way to one session, at the QoS and with the retain flag that session gets, and the MQTT 5
 * Subscription Identifiers of the subscriptions it matched (empty when they have none).
 */
record Delivery(Message message, MqttQoS qos, boolean retain, List<Integer> subscriptionIds) {

    Delivery {
        subscriptionIds = subscriptionIds.isEmpty() ? List.of() : List.copyOf(subscriptionIds);
    }

    /** A delivery that names no subscription. */
    Delivery(Message message, MqttQoS qos, boolean retain) {
        this(message, qos, retain, List.of());
    }

    static Delivery of(Message message, Subscription subscription) {
        return of(
                message,
                subscription,
                subscription.subscriptionId() == 0 ? List.of() : List.of(subscription.subscriptionId()));
    }

    /** Through {@code subscription} (the one deciding QoS and retain), naming {@code subscriptionIds}. */
    static Delivery of(Message message, Subscription subscription, List<Integer> subscriptionIds) {
        MqttQoS qos = MqttQoS.valueOf(
                Math.min(message.qos().value(), subscription.qos().value()));
        return new Delivery(message, qos, subscription.retainAsPublished() && message.retain(), subscriptionIds);
    }
}
