package dev.warden.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** MQTT 5 packets with the properties the raw tests need, and a reader of the PUBLISHes the gateway sends. */
final class Mqtt5Wire {
    private Mqtt5Wire() {}

    /** CONNECT: clean start, session expiry (0: none), Topic Alias Maximum (0: none), keep-alive, optional will. */
    static byte[] connect(
            String clientId,
            boolean clean,
            long sessionExpiry,
            int topicAliasMaximum,
            int keepAlive,
            String willTopic,
            String willPayload) {
        RawMqttClient.Bytes vh = new RawMqttClient.Bytes().string("MQTT").u8(5);
        int flags = clean ? 0x02 : 0;
        if (willTopic != null) {
            flags |= 0x04 | (1 << 3);
        }
        vh.u8(flags).u16(keepAlive);
        RawMqttClient.Bytes props = new RawMqttClient.Bytes();
        if (sessionExpiry > 0) {
            props.u8(0x11).u32(sessionExpiry);
        }
        if (topicAliasMaximum > 0) {
            props.u8(0x22).u16(topicAliasMaximum);
        }
        vh.varint(props.size()).raw(props.toArray());
        vh.string(clientId);
        if (willTopic != null) {
            vh.varint(0).string(willTopic).string(willPayload);
        }
        return RawMqttClient.packet(0x10, vh);
    }

    /** SUBSCRIBE of one filter with a Subscription Identifier ({@code subscriptionId} < 0: none; 0 is sent as 0). */
    static byte[] subscribe(int packetId, String filter, int qos, int subscriptionId) {
        RawMqttClient.Bytes props = new RawMqttClient.Bytes();
        if (subscriptionId >= 0) {
            props.u8(0x0B).varint(subscriptionId);
        }
        RawMqttClient.Bytes b = new RawMqttClient.Bytes()
                .u16(packetId)
                .varint(props.size())
                .raw(props.toArray())
                .string(filter)
                .u8(qos);
        return RawMqttClient.packet(0x82, b);
    }

    /** DISCONNECT with a reason code and, if not null, a Session Expiry Interval. */
    static byte[] disconnect(int reason, Long sessionExpiry) {
        RawMqttClient.Bytes props = new RawMqttClient.Bytes();
        if (sessionExpiry != null) {
            props.u8(0x11).u32(sessionExpiry);
        }
        return RawMqttClient.packet(
                0xE0, new RawMqttClient.Bytes().u8(reason).varint(props.size()).raw(props.toArray()));
    }

    /** What the tests look at in an MQTT 5 PUBLISH. {@code topicAlias} 0 when it carries none. */
    record Publish(
            String topic, int qos, int packetId, List<Integer> subscriptionIds, int topicAlias, String payload) {}

    /** Reads the PUBLISH the gateway sent (only the property kinds it sends are understood). */
    static Publish publish(RawMqttClient.Packet packet) {
        if (packet.type() != RawMqttClient.PUBLISH) {
            throw new AssertionError("not a PUBLISH: type " + packet.type());
        }
        byte[] b = packet.body();
        int[] at = {0};
        int topicLength = u16(b, at);
        String topic = new String(b, at[0], topicLength, StandardCharsets.UTF_8);
        at[0] += topicLength;
        int packetId = packet.qos() > 0 ? u16(b, at) : 0;
        int propertiesEnd = varint(b, at);
        propertiesEnd += at[0];
        List<Integer> ids = new ArrayList<>();
        int alias = 0;
        while (at[0] < propertiesEnd) {
            int id = b[at[0]++] & 0xFF;
            switch (id) {
                case 0x0B -> ids.add(varint(b, at));
                case 0x23 -> alias = u16(b, at);
                case 0x01 -> at[0]++;
                case 0x02 -> at[0] += 4;
                case 0x03, 0x08, 0x09 -> at[0] += u16(b, at);
                case 0x26 -> {
                    at[0] += u16(b, at);
                    at[0] += u16(b, at);
                }
                default -> throw new AssertionError("unexpected property " + id);
            }
        }
        String payload = new String(b, at[0], b.length - at[0], StandardCharsets.UTF_8);
        return new Publish(topic, packet.qos(), packetId, ids, alias, payload);
    }

    private static int u16(byte[] b, int[] at) {
        int v = ((b[at[0]] & 0xFF) << 8) | (b[at[0] + 1] & 0xFF);
        at[0] += 2;
        return v;
    }

    private static int varint(byte[] b, int[] at) {
        int value = 0;
        int shift = 0;
        int digit;
        do {
            digit = b[at[0]++] & 0xFF;
            value |= (digit & 0x7F) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        return value;
    }
}
