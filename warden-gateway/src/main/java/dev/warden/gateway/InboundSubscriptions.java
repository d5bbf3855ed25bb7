package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The SUBSCRIBE and UNSUBSCRIBE packets of one connected client, on its event loop: each topic filter is validated
 * and authorized (iot:Subscribe; a shared subscription as {@code topicfilter/$share/<group>/<filter>}) here, and the
 * outcome handed to the broker, which answers SUBACK/UNSUBACK. Holds no state of its own.
 */
final class InboundSubscriptions {
    private final MqttConnection connection;
    private final GatewayLimits limits;

    InboundSubscriptions(MqttConnection connection, GatewayLimits limits) {
        this.connection = connection;
        this.limits = limits;
    }

    void onSubscribe(MqttSubscribeMessage subscribe, Broker broker) {
        int packetId = subscribe.variableHeader().messageId();
        List<MqttTopicSubscription> topics = subscribe.payload().topicSubscriptions();
        if (topics.isEmpty()) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without topic filters");
        }
        int subscriptionId = subscriptionId(subscribe);
        List<Broker.SubscribeRequest> requests = new ArrayList<>(topics.size());
        for (MqttTopicSubscription t : topics) {
            requests.add(request(t, subscriptionId));
        }
        MqttConnection c = connection;
        c.toBroker(() -> broker.subscribe(c, packetId, requests));
    }

    void onUnsubscribe(MqttUnsubscribeMessage unsubscribe, Broker broker) {
        int packetId = unsubscribe.variableHeader().messageId();
        List<String> filters = List.copyOf(unsubscribe.payload().topics());
        MqttConnection c = connection;
        c.toBroker(() -> broker.unsubscribe(c, packetId, filters));
    }

    /** The MQTT 5 Subscription Identifier of a SUBSCRIBE, or 0; 0 sent as a value is a protocol error. */
    private int subscriptionId(MqttSubscribeMessage subscribe) {
        if (!connection.isMqtt5()) {
            return 0;
        }
        MqttProperties props = subscribe.idAndPropertiesVariableHeader().properties();
        Integer id = ConnectRequest.intProperty(props, MqttProperties.SUBSCRIPTION_IDENTIFIER);
        if (id == null) {
            return 0;
        }
        if (id < 1 || id > Subscription.MAX_SUBSCRIPTION_ID) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "subscription identifier out of range");
        }
        return id;
    }

    private Broker.SubscribeRequest request(MqttTopicSubscription t, int subscriptionId) {
        boolean mqtt5 = connection.isMqtt5();
        String raw = t.topicName();
        int invalid = mqtt5 ? ReasonCode.TOPIC_FILTER_INVALID.code : 0x80;
        Topics.SharedFilter shared;
        try {
            shared = Topics.shared(raw);
        } catch (IllegalArgumentException e) {
            return new Broker.SubscribeRequest(null, invalid);
        }
        String filter = shared == null ? raw : shared.filter();
        if (!Topics.isValidFilter(filter, limits)
                || (shared != null && t.option().isNoLocal())) {
            return new Broker.SubscribeRequest(null, invalid);
        }
        if (!connection.authorizer().maySubscribe(raw)) {
            return new Broker.SubscribeRequest(null, mqtt5 ? ReasonCode.NOT_AUTHORIZED.code : 0x80);
        }
        connection.counters().subscribedTo(raw);
        return new Broker.SubscribeRequest(
                new Subscription(
                        raw,
                        filter,
                        shared == null ? null : shared.group(),
                        t.option().qos(),
                        t.option().isNoLocal(),
                        t.option().isRetainAsPublished(),
                        t.option().retainHandling().value(),
                        subscriptionId),
                0);
    }
}
