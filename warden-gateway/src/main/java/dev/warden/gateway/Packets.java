package dev.warden.gateway;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import java.util.List;

/**
 * Builds the packets the gateway sends. Netty's encoder writes MQTT 5 reason codes and properties only on MQTT 5
 * channels, so one builder serves both versions except where 3.1.1 has different codes (CONNACK, SUBACK failure).
 */
final class Packets {
    private Packets() {}

    /** Why a CONNECT is refused, with the code each protocol version uses. */
    enum Refusal {
        UNACCEPTABLE_PROTOCOL(
                MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION),
        CLIENT_ID_NOT_VALID(
                MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID),
        NOT_AUTHORIZED(
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5),
        BAD_AUTHENTICATION_METHOD(
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD),
        TOPIC_NAME_INVALID(
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID),
        PROTOCOL_ERROR(
                MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR),
        SERVER_UNAVAILABLE(
                MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5),
        /** The client ID or thing is banned (MQTT 5: 0x8A Banned). */
        BANNED(
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_BANNED),
        /**
         * The device is served elsewhere (MQTT 5: 0x9C Use Another Server, with a Server Reference when known).
         * MQTT 3.1.1 cannot say where: 0x05 Not authorized, because this server will not serve this device whatever
         * it retries, and 0x03 Server unavailable would invite clients to retry here as if it were passing.
         */
        USE_ANOTHER_SERVER(
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_USE_ANOTHER_SERVER);

        private final MqttConnectReturnCode v311;
        private final MqttConnectReturnCode v5;

        Refusal(MqttConnectReturnCode v311, MqttConnectReturnCode v5) {
            this.v311 = v311;
            this.v5 = v5;
        }
    }

    static MqttConnAckMessage connAckAccepted(boolean sessionPresent, MqttProperties properties) {
        return MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(sessionPresent)
                .properties(properties)
                .build();
    }

    static MqttConnAckMessage connAckRefused(boolean mqtt5, Refusal refusal) {
        return connAckRefused(mqtt5, refusal, "");
    }

    /** A refusal; on MQTT 5, with the Server Reference {@code serverReference} when it is not empty. */
    static MqttConnAckMessage connAckRefused(boolean mqtt5, Refusal refusal, String serverReference) {
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (mqtt5 && serverReference != null && !serverReference.isEmpty()) {
            properties = new MqttProperties();
            properties.add(new MqttProperties.StringProperty(MqttProperties.SERVER_REFERENCE, serverReference));
        }
        return MqttMessageBuilders.connAck()
                .returnCode(mqtt5 ? refusal.v5 : refusal.v311)
                .sessionPresent(false)
                .properties(properties)
                .build();
    }

    static MqttPublishMessage publish(Delivery delivery, int packetId, boolean dup, long nowNanos) {
        return publish(delivery, packetId, dup, nowNanos, delivery.message().topic(), 0);
    }

    /**
     * A PUBLISH carrying {@code topic} (empty to use an alias the client already has) and the Topic Alias
     * {@code topicAlias} (0 for none), with the delivery's Subscription Identifiers (MQTT 5).
     */
    static MqttPublishMessage publish(
            Delivery delivery, int packetId, boolean dup, long nowNanos, String topic, int topicAlias) {
        Message m = delivery.message();
        MqttFixedHeader header =
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, delivery.qos(), delivery.retain(), 0);
        MqttProperties properties = m.propertiesAt(nowNanos);
        if (topicAlias != 0 || !delivery.subscriptionIds().isEmpty()) {
            // The message's properties are shared by every delivery of it: each such delivery gets its own copy.
            MqttProperties own = new MqttProperties();
            properties.listAll().forEach(own::add);
            for (int id : delivery.subscriptionIds()) {
                own.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
            }
            if (topicAlias != 0) {
                own.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, topicAlias));
            }
            properties = own;
        }
        MqttPublishVariableHeader variable = new MqttPublishVariableHeader(topic, packetId, properties);
        return new MqttPublishMessage(header, variable, Unpooled.wrappedBuffer(m.payload()));
    }

    /** An upper bound of the size of the PUBLISH that carries {@code m} (for the client's Maximum Packet Size). */
    static long estimatedPublishSize(Message m) {
        // Fixed header (max 5) + topic (2 + UTF-8, at most 3 bytes a char) + packet ID + properties (bounded guess).
        long properties = 0;
        for (MqttProperties.MqttProperty<?> p : m.forwarded().listAll()) {
            properties += 8 + String.valueOf(p.value()).length() * 3L;
        }
        return 5 + 2 + m.topic().length() * 3L + 2 + 4 + properties + m.payload().length;
    }

    static MqttMessage pubAck(int packetId, ReasonCode reason) {
        return reply(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE, packetId, reason);
    }

    static MqttMessage pubRec(int packetId, ReasonCode reason) {
        return reply(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE, packetId, reason);
    }

    /** PUBREL's fixed header flags are 0010 (QoS 1 bit) by the spec. */
    static MqttMessage pubRel(int packetId, ReasonCode reason) {
        return reply(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE, packetId, reason);
    }

    static MqttMessage pubComp(int packetId, ReasonCode reason) {
        return reply(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE, packetId, reason);
    }

    static MqttSubAckMessage subAck(int packetId, List<Integer> codes) {
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        int[] values = codes.stream().mapToInt(Integer::intValue).toArray();
        return new MqttSubAckMessage(
                header,
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(values));
    }

    static MqttUnsubAckMessage unsubAck(int packetId, List<Short> codes) {
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        return new MqttUnsubAckMessage(
                header,
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(codes));
    }

    static MqttMessage disconnect(ReasonCode reason) {
        return MqttMessageBuilders.disconnect().reasonCode(reason.asByte()).build();
    }

    /** DISCONNECT 0x9C Use Another Server, naming the server ({@code host:port}) the client goes to. */
    static MqttMessage disconnectToServer(String serverReference) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.SERVER_REFERENCE, serverReference));
        return MqttMessageBuilders.disconnect()
                .reasonCode(ReasonCode.USE_ANOTHER_SERVER.asByte())
                .properties(properties)
                .build();
    }

    private static MqttMessage reply(MqttMessageType type, MqttQoS qos, int packetId, ReasonCode reason) {
        MqttFixedHeader header = new MqttFixedHeader(type, false, qos, false, 0);
        return new MqttMessage(
                header, new MqttPubReplyMessageVariableHeader(packetId, reason.asByte(), MqttProperties.NO_PROPERTIES));
    }
}
