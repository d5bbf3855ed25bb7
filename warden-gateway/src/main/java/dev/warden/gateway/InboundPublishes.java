package dev.warden.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PUBLISH packets of one connected client, on its event loop: the publish rate limit, topic aliases, counting,
 * iot:Publish (and iot:RetainPublish), the sealing a topic may require ({@link SealedTopics}), then the hand-over to the broker (or, refused, the MQTT 5 negative
 * acknowledgement through the broker, which keeps acknowledgements in order; MQTT 3.1.1 has none, so the connection
 * is closed, as AWS IoT does). Also hands the QoS 1/2 acknowledgements (PUBACK, PUBREC, PUBREL, PUBCOMP) over.
 */
final class InboundPublishes {
    /** Logs under {@link MqttConnection}, as before it was split off, so log settings keep applying. */
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    private final MqttConnection connection;
    private final GatewayRuntime runtime;
    private final TokenBucket publishRate;
    private final TopicAliases topicAliases;

    InboundPublishes(MqttConnection connection, GatewayRuntime runtime) {
        this.connection = connection;
        this.runtime = runtime;
        this.publishRate = new TokenBucket(runtime.config().firewall().publishRate(), System.nanoTime());
        this.topicAliases = new TopicAliases(runtime.config().limits());
    }

    void onPublish(MqttPublishMessage publish) {
        if (!publishRate.tryTake(System.nanoTime())) {
            runtime.counters().publishRateDisconnects.incrementAndGet();
            LOG.info(
                    "Client {} from {} published faster than {} messages/s; disconnecting",
                    connection.clientId(),
                    connection.sourceIp(),
                    runtime.config().firewall().publishRate().perSecond());
            connection.disconnect(DisconnectCause.PUBLISH_RATE_EXCEEDED, ReasonCode.MESSAGE_RATE_TOO_HIGH);
            return;
        }
        boolean mqtt5 = connection.isMqtt5();
        String topic = publish.variableHeader().topicName();
        MqttQoS qos = publish.fixedHeader().qosLevel();
        int packetId = publish.variableHeader().packetId();
        boolean retain = publish.fixedHeader().isRetain();
        MqttProperties props = publish.variableHeader().properties();
        topic = topicAliases.resolve(topic, ConnectRequest.intProperty(props, MqttProperties.TOPIC_ALIAS), mqtt5);
        ByteBuf content = publish.content();
        byte[] payload = ByteBufUtil.getBytes(content, content.readerIndex(), content.readableBytes(), true);
        connection.counters().received(payload.length);
        Broker broker = runtime.broker();
        MqttConnection c = connection;
        if (!c.authorizer().mayPublish(topic, retain)) {
            if (!mqtt5) {
                // MQTT 3.1.1 has no negative PUBACK; as AWS IoT does, a denied publish ends the connection.
                c.closeFor(DisconnectCause.NOT_AUTHORIZED);
            } else if (qos != MqttQoS.AT_MOST_ONCE) {
                boolean exactlyOnce = qos == MqttQoS.EXACTLY_ONCE;
                c.toBroker(() -> broker.refusePublish(c, packetId, exactlyOnce, ReasonCode.NOT_AUTHORIZED));
            }
            return;
        }
        if (runtime.config().sealedTopics().refuses(topic, payload)) {
            refuseUnsealed(topic, qos, packetId, mqtt5);
            return;
        }
        c.counters().publishedTo(topic);
        Message message = Message.of(topic, payload, qos, retain, props, c.clientId());
        c.toBroker(() -> broker.onPublish(c, message, packetId));
    }

    /**
     * A plaintext on a topic that must be sealed: reported as a denied iot:Publish (audited, counted by monitoring);
     * MQTT 5 answers 0x99 Payload format invalid (the device may publish there, its payload is what is wrong), MQTT
     * 3.1.1 has no negative acknowledgement, so the connection is closed, as for any refused publish.
     */
    private void refuseUnsealed(String topic, MqttQoS qos, int packetId, boolean mqtt5) {
        MqttConnection c = connection;
        SafeEvents.authorizationDenied(
                runtime.events(),
                c.identity(),
                c.clientId(),
                Authorizer.PUBLISH,
                Authorizer.arnPrefix(runtime.config().region(), runtime.config().account()) + "topic/" + topic,
                "PAYLOAD_NOT_SEALED: the topic requires a payload sealed end to end");
        if (!mqtt5) {
            c.closeFor(DisconnectCause.PAYLOAD_NOT_SEALED);
        } else if (qos != MqttQoS.AT_MOST_ONCE) {
            boolean exactlyOnce = qos == MqttQoS.EXACTLY_ONCE;
            Broker broker = runtime.broker();
            c.toBroker(() -> broker.refusePublish(c, packetId, exactlyOnce, ReasonCode.PAYLOAD_FORMAT_INVALID));
        }
    }

    /** PUBACK, PUBREC, PUBCOMP (of messages sent to the client) and PUBREL (of one it sent): for the broker. */
    void onAcknowledgement(MqttMessage message, Broker broker) {
        MqttConnection c = connection;
        int id = ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
        switch (message.fixedHeader().messageType()) {
            case PUBACK -> c.toBroker(() -> broker.onPubAck(c, id));
            case PUBREC -> {
                int reason = message.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
                        ? Byte.toUnsignedInt(reply.reasonCode())
                        : 0;
                c.toBroker(() -> broker.onPubRec(c, id, reason));
            }
            case PUBREL -> c.toBroker(() -> broker.onPubRel(c, id));
            case PUBCOMP -> c.toBroker(() -> broker.onPubComp(c, id));
            default ->
                throw new IllegalArgumentException(
                        message.fixedHeader().messageType().toString());
        }
    }
}
