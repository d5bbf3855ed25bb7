package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttQoS;

/** A message on its way to one session, at the QoS and with the retain flag that session gets. */
record Delivery(Message message, MqttQoS qos, boolean retain) {

    static Delivery of(Message message, Subscription subscription) {
        MqttQoS qos = MqttQoS.valueOf(Math.min(message.qos().value(), subscription.qos().value()));
        return new Delivery(message, qos, subscription.retainAsPublished() && message.retain());
    }
}
