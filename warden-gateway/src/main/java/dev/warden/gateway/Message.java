package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * An application message as the broker stores and routes it. The payload array is never modified after creation.
 *
 * @param forwarded     MQTT 5 properties passed through to receivers (payload format, content type, response
 *                      topic, correlation data, user properties); never modified after creation
 * @param expiresAtNanos {@link System#nanoTime()} after which the message is dropped, or {@link Long#MAX_VALUE}
 * @param publisherId   client ID of the publisher (for MQTT 5 No Local)
 */
record Message(
        String topic,
        byte[] payload,
        MqttQoS qos,
        boolean retain,
        MqttProperties forwarded,
        long expiresAtNanos,
        String publisherId) {

    private static final int[] FORWARDED = {
        MqttProperties.PAYLOAD_FORMAT_INDICATOR,
        MqttProperties.CONTENT_TYPE,
        MqttProperties.RESPONSE_TOPIC,
        MqttProperties.CORRELATION_DATA
    };

    static Message of(
            String topic, byte[] payload, MqttQoS qos, boolean retain, MqttProperties incoming, String publisherId) {
        // Most messages carry none of these: they share the one empty, unmodifiable set instead of one each.
        MqttProperties forwarded = MqttProperties.NO_PROPERTIES;
        long expiresAt = Long.MAX_VALUE;
        if (incoming != null && !incoming.isEmpty()) {
            for (int id : FORWARDED) {
                forwarded = withProperty(forwarded, incoming.getProperty(id));
            }
            forwarded = withProperty(forwarded, incoming.getProperty(MqttProperties.USER_PROPERTY));
            MqttProperties.MqttProperty<?> expiry = incoming.getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
            if (expiry != null && expiry.value() instanceof Integer seconds) {
                expiresAt = System.nanoTime() + Integer.toUnsignedLong(seconds) * 1_000_000_000L;
            }
        }
        return new Message(topic, payload, qos, retain, forwarded, expiresAt, publisherId);
    }

    private static MqttProperties withProperty(MqttProperties properties, MqttProperties.MqttProperty<?> property) {
        if (property == null) {
            return properties;
        }
        MqttProperties modifiable = properties == MqttProperties.NO_PROPERTIES ? new MqttProperties() : properties;
        modifiable.add(property);
        return modifiable;
    }

    boolean expired(long nowNanos) {
        return expiresAtNanos != Long.MAX_VALUE && nowNanos - expiresAtNanos >= 0;
    }

    /** Properties for one delivery: the forwarded ones plus the remaining expiry interval. */
    MqttProperties propertiesAt(long nowNanos) {
        if (expiresAtNanos == Long.MAX_VALUE) {
            return forwarded;
        }
        MqttProperties props = new MqttProperties();
        forwarded.listAll().forEach(props::add);
        long remaining = Math.max(1, (expiresAtNanos - nowNanos) / 1_000_000_000L);
        props.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, (int) remaining));
        return props;
    }

    /** The same message as published by {@code clientId} (a will whose client was assigned its ID). */
    Message withPublisher(String clientId) {
        return new Message(topic, payload, qos, retain, forwarded, expiresAtNanos, clientId);
    }

    Message asRetained() {
        return retain ? this : new Message(topic, payload, qos, true, forwarded, expiresAtNanos, publisherId);
    }
}
