package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * A CONNECT checked against the protocol and the gateway's limits, before any authentication.
 *
 * @param clientId                the client ID as sent; empty when the gateway is to assign one (the thing name)
 * @param will                    the will message, or null
 * @param willDelaySeconds        MQTT 5 will delay interval (0: publish the will at once)
 * @param keepAliveSeconds        the keep-alive the gateway enforces (the client's, clamped to the limits)
 * @param clientReceiveMaximum    how many QoS 1/2 messages may be in flight to the client (MQTT 5)
 * @param clientMaximumPacketSize the largest packet the client accepts (MQTT 5), or {@link Long#MAX_VALUE}
 * @param clientTopicAliasMaximum how many topic aliases the client accepts from the gateway (MQTT 5), 0 for none
 * @param requestedSessionExpiry  the Session Expiry Interval the CONNECT carried (MQTT 5; 0 when absent): a
 *                                DISCONNECT may not raise it from 0
 */
record ConnectRequest(
        boolean mqtt5,
        String clientId,
        Message will,
        long willDelaySeconds,
        long keepAliveSeconds,
        int clientReceiveMaximum,
        long clientMaximumPacketSize,
        int clientTopicAliasMaximum,
        long requestedSessionExpiry,
        Broker.Attach attach) {

    private static final String FORBIDDEN_CLIENT_ID_CHARS = "+#*/";

    /** A CONNECT refused before authentication, with the CONNACK code to answer. */
    static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Packets.Refusal refusal;
        private final boolean mqtt5;

        RefusedException(Packets.Refusal refusal, boolean mqtt5) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
            this.mqtt5 = mqtt5;
        }

        Packets.Refusal refusal() {
            return refusal;
        }

        boolean mqtt5() {
            return mqtt5;
        }
    }

    /** @throws RefusedException for an unsupported version, a bad client ID, enhanced auth or a bad will topic */
    static ConnectRequest parse(MqttConnectMessage connect, GatewayLimits limits) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        if (header.version() != 4 && header.version() != 5) {
            throw new RefusedException(Packets.Refusal.UNACCEPTABLE_PROTOCOL, false);
        }
        boolean mqtt5 = header.version() == 5;
        String clientId = payload.clientIdentifier() == null ? "" : payload.clientIdentifier();
        // An empty client ID gets one assigned after authentication (the thing name): MQTT 5 always allows that,
        // MQTT 3.1.1 only with a clean session (3.1.3-8).
        boolean assign = clientId.isEmpty() && (mqtt5 || header.isCleanSession());
        if (!assign && !validClientId(clientId, limits)) {
            throw new RefusedException(Packets.Refusal.CLIENT_ID_NOT_VALID, mqtt5);
        }
        MqttProperties props = header.properties();
        int receiveMaximum = 65_535;
        long maximumPacketSize = Long.MAX_VALUE;
        int topicAliasMaximum = 0;
        if (mqtt5) {
            if (props.getProperty(MqttProperties.AUTHENTICATION_METHOD) != null) {
                throw new RefusedException(Packets.Refusal.BAD_AUTHENTICATION_METHOD, true);
            }
            Integer receiveMax = intProperty(props, MqttProperties.RECEIVE_MAXIMUM);
            Integer maxPacket = intProperty(props, MqttProperties.MAXIMUM_PACKET_SIZE);
            if ((receiveMax != null && receiveMax == 0) || (maxPacket != null && maxPacket == 0)) {
                throw new RefusedException(Packets.Refusal.PROTOCOL_ERROR, true);
            }
            receiveMaximum = receiveMax == null ? receiveMaximum : receiveMax;
            Integer aliasMax = intProperty(props, MqttProperties.TOPIC_ALIAS_MAXIMUM);
            topicAliasMaximum = aliasMax == null ? 0 : aliasMax;
            maximumPacketSize = maxPacket == null ? maximumPacketSize : Integer.toUnsignedLong(maxPacket);
        }
        Message will = header.isWillFlag() ? will(header, payload, clientId, mqtt5, limits) : null;
        long willDelay = header.isWillFlag() ? willDelay(payload, mqtt5) : 0;
        long keepAlive = effectiveKeepAlive(header.keepAliveTimeSeconds(), limits);
        Integer requested = mqtt5 ? intProperty(props, MqttProperties.SESSION_EXPIRY_INTERVAL) : null;
        long requestedExpiry = requested == null ? 0 : Integer.toUnsignedLong(requested);
        Broker.Attach attach = attach(header, mqtt5, keepAlive, requestedExpiry, limits);
        return new ConnectRequest(
                mqtt5,
                clientId,
                will,
                willDelay,
                keepAlive,
                receiveMaximum,
                maximumPacketSize,
                topicAliasMaximum,
                requestedExpiry,
                attach);
    }

    /** The will message of a CONNECT with the will flag; refused when its topic is not a valid topic name. */
    private static Message will(
            MqttConnectVariableHeader header,
            MqttConnectPayload payload,
            String clientId,
            boolean mqtt5,
            GatewayLimits limits) {
        if (!Topics.isValidName(payload.willTopic(), limits)) {
            throw new RefusedException(Packets.Refusal.TOPIC_NAME_INVALID, mqtt5);
        }
        return Message.of(
                payload.willTopic(),
                payload.willMessageInBytes(),
                MqttQoS.valueOf(header.willQos()),
                header.isWillRetain(),
                payload.willProperties(),
                clientId);
    }

    /** The MQTT 5 will delay interval in seconds (0 when absent, and always for MQTT 3.1.1). */
    private static long willDelay(MqttConnectPayload payload, boolean mqtt5) {
        Integer delay = mqtt5 ? intProperty(payload.willProperties(), MqttProperties.WILL_DELAY_INTERVAL) : null;
        return delay == null ? 0 : Integer.toUnsignedLong(delay);
    }

    /** How the session attaches: clean or not, its expiry within the limit, and the CONNACK properties to send. */
    private static Broker.Attach attach(
            MqttConnectVariableHeader header,
            boolean mqtt5,
            long keepAlive,
            long requestedExpiry,
            GatewayLimits limits) {
        MqttProperties connAck =
                mqtt5 ? connAckProperties(keepAlive, header.keepAliveTimeSeconds(), limits) : new MqttProperties();
        long sessionExpiry = sessionExpiry(mqtt5, header.isCleanSession(), header.properties(), limits);
        if (mqtt5 && requestedExpiry != sessionExpiry) {
            // Shortened to the gateway's maximum: the client must know (MQTT 5 3.2.2.3.2).
            connAck.add(
                    new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) sessionExpiry));
        }
        return new Broker.Attach(header.isCleanSession(), sessionExpiry, connAck);
    }

    static Integer intProperty(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props == null ? null : props.getProperty(id);
        return p != null && p.value() instanceof Integer value ? value : null;
    }

    /** Client IDs name policy resources ({@code client/<id>}), so wildcard and path characters are refused. */
    static boolean validClientId(String id, GatewayLimits limits) {
        if (id == null || id.isEmpty() || id.length() > limits.maxClientIdLength()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (FORBIDDEN_CLIENT_ID_CHARS.indexOf(c) >= 0 || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** 0 ("no keep-alive") gets the maximum: the gateway never keeps a silent connection forever. */
    private static long effectiveKeepAlive(int requested, GatewayLimits limits) {
        long min = limits.minKeepAlive().toSeconds();
        long max = limits.maxKeepAlive().toSeconds();
        return requested == 0 ? max : Math.max(min, Math.min(max, requested));
    }

    private static MqttProperties connAckProperties(long keepAlive, int requestedKeepAlive, GatewayLimits limits) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, limits.maxInflight()));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, limits.maxPacketSize()));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, TopicAliases.MAX));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 1));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 1));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 1));
        if (keepAlive != requestedKeepAlive) {
            p.add(new MqttProperties.IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, (int) keepAlive));
        }
        return p;
    }

    /** MQTT 3.1.1 persistent sessions (clean session 0) live as long as the limit allows. */
    private static long sessionExpiry(boolean mqtt5, boolean cleanSession, MqttProperties props, GatewayLimits limits) {
        long max = limits.maxSessionExpiry().toSeconds();
        if (!mqtt5) {
            return cleanSession ? 0 : max;
        }
        Integer requested = intProperty(props, MqttProperties.SESSION_EXPIRY_INTERVAL);
        return requested == null ? 0 : Math.min(max, Integer.toUnsignedLong(requested));
    }
}
