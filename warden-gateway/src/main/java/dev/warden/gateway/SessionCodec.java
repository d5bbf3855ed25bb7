package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The broker's own encoding of what a {@link SessionStore} keeps: a session's subscriptions, one held delivery, and
 * a message on its own (a retained message, a pending will).
 * Versioned, so a later broker can still read what an earlier one stored: subscriptions and deliveries are written as
 * version 2 (with MQTT 5 Subscription Identifiers) and read in versions 1 and 2. Message expiry is stored as wall-clock
 * time, because {@link System#nanoTime()} means nothing after a restart.
 */
final class SessionCodec {
    private static final int SUBSCRIPTIONS_V1 = 1;
    /** V1 and each subscription's Subscription Identifier. */
    private static final int SUBSCRIPTIONS_V2 = 2;

    private static final int DELIVERY_V1 = 1;
    /** V1 and the Subscription Identifiers of the delivery. */
    private static final int DELIVERY_V2 = 2;

    private static final int MESSAGE_V1 = 1;
    private static final long NO_EXPIRY = Long.MAX_VALUE;

    /** A stored value the broker cannot read: corrupt, or from an unknown version. */
    static final class UnreadableException extends RuntimeException {
        UnreadableException(String message) {
            super(message);
        }
    }

    private SessionCodec() {}

    static byte[] subscriptions(Collection<Subscription> subscriptions) {
        return write(out -> {
            out.writeByte(SUBSCRIPTIONS_V2);
            out.writeInt(subscriptions.size());
            for (Subscription s : subscriptions) {
                writeString(out, s.rawFilter());
                writeString(out, s.filter());
                writeNullableString(out, s.shareGroup());
                out.writeByte(s.qos().value());
                out.writeBoolean(s.noLocal());
                out.writeBoolean(s.retainAsPublished());
                out.writeByte(s.retainHandling());
                out.writeInt(s.subscriptionId());
            }
        });
    }

    static List<Subscription> subscriptions(byte[] encoded) {
        return read(encoded, in -> {
            int version = requireVersion(in, SUBSCRIPTIONS_V1, SUBSCRIPTIONS_V2);
            int n = count(in);
            List<Subscription> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                result.add(new Subscription(
                        readString(in),
                        readString(in),
                        readNullableString(in),
                        qos(in.readByte()),
                        in.readBoolean(),
                        in.readBoolean(),
                        in.readByte(),
                        version >= SUBSCRIPTIONS_V2 ? subscriptionId(in.readInt()) : 0));
            }
            return result;
        });
    }

    static byte[] delivery(Delivery delivery, long nowNanos, long nowMillis) {
        Message m = delivery.message();
        long expiresAtMillis = expiresAtMillis(m, nowNanos, nowMillis);
        return write(out -> {
            out.writeByte(DELIVERY_V2);
            writeString(out, m.topic());
            writeBytes(out, m.payload());
            out.writeByte(m.qos().value());
            out.writeBoolean(m.retain());
            out.writeByte(delivery.qos().value());
            out.writeBoolean(delivery.retain());
            out.writeLong(expiresAtMillis);
            writeNullableString(out, m.publisherId());
            writeProperties(out, m.forwarded());
            out.writeInt(delivery.subscriptionIds().size());
            for (int id : delivery.subscriptionIds()) {
                out.writeInt(id);
            }
        });
    }

    static Delivery delivery(byte[] encoded, long nowNanos, long nowMillis) {
        return read(encoded, in -> {
            int version = requireVersion(in, DELIVERY_V1, DELIVERY_V2);
            String topic = readString(in);
            byte[] payload = readBytes(in);
            MqttQoS messageQos = qos(in.readByte());
            boolean retain = in.readBoolean();
            MqttQoS deliveryQos = qos(in.readByte());
            boolean deliveryRetain = in.readBoolean();
            long expiresAtMillis = in.readLong();
            String publisherId = readNullableString(in);
            MqttProperties forwarded = readProperties(in);
            List<Integer> ids = new ArrayList<>();
            if (version >= DELIVERY_V2) {
                int n = count(in);
                for (int i = 0; i < n; i++) {
                    ids.add(subscriptionId(in.readInt()));
                }
            }
            Message message = new Message(
                    topic,
                    payload,
                    messageQos,
                    retain,
                    forwarded,
                    expiresAtNanos(expiresAtMillis, nowNanos, nowMillis),
                    publisherId);
            return new Delivery(message, deliveryQos, deliveryRetain, ids);
        });
    }

    /** A message on its own: a retained message, or a will waiting for its delay. Expiry is kept as wall-clock time. */
    static byte[] message(Message m, long nowNanos, long nowMillis) {
        long expiresAtMillis = expiresAtMillis(m, nowNanos, nowMillis);
        return write(out -> {
            out.writeByte(MESSAGE_V1);
            writeString(out, m.topic());
            writeBytes(out, m.payload());
            out.writeByte(m.qos().value());
            out.writeBoolean(m.retain());
            out.writeLong(expiresAtMillis);
            writeNullableString(out, m.publisherId());
            writeProperties(out, m.forwarded());
        });
    }

    static Message message(byte[] encoded, long nowNanos, long nowMillis) {
        return read(encoded, in -> {
            requireVersion(in, MESSAGE_V1);
            String topic = readString(in);
            byte[] payload = readBytes(in);
            MqttQoS qos = qos(in.readByte());
            boolean retain = in.readBoolean();
            long expiresAtNanos = expiresAtNanos(in.readLong(), nowNanos, nowMillis);
            String publisherId = readNullableString(in);
            return new Message(topic, payload, qos, retain, readProperties(in), expiresAtNanos, publisherId);
        });
    }

    private static long expiresAtMillis(Message m, long nowNanos, long nowMillis) {
        return m.expiresAtNanos() == Long.MAX_VALUE
                ? NO_EXPIRY
                : nowMillis + (m.expiresAtNanos() - nowNanos) / 1_000_000L;
    }

    /** An expiry already past comes back as now: the message is expired at once, not in the far future. */
    private static long expiresAtNanos(long expiresAtMillis, long nowNanos, long nowMillis) {
        return expiresAtMillis == NO_EXPIRY
                ? Long.MAX_VALUE
                : nowNanos + Math.max(0, expiresAtMillis - nowMillis) * 1_000_000L;
    }

    // ---- properties: only the kinds Message forwards (integer, string, binary, user properties) --------------------

    private static final int INTEGER = 1;
    private static final int STRING = 2;
    private static final int BINARY = 3;
    private static final int USER = 4;

    private static void writeProperties(DataOutputStream out, MqttProperties properties) throws IOException {
        List<? extends MqttProperties.MqttProperty> all = new ArrayList<>(properties.listAll());
        out.writeInt(all.size());
        for (MqttProperties.MqttProperty<?> p : all) {
            out.writeInt(p.propertyId());
            Object value = p.value();
            if (p instanceof MqttProperties.UserProperties user) {
                out.writeByte(USER);
                out.writeInt(user.value().size());
                for (MqttProperties.StringPair pair : user.value()) {
                    writeString(out, pair.key);
                    writeString(out, pair.value);
                }
            } else if (value instanceof Integer i) {
                out.writeByte(INTEGER);
                out.writeInt(i);
            } else if (value instanceof String s) {
                out.writeByte(STRING);
                writeString(out, s);
            } else if (value instanceof byte[] b) {
                out.writeByte(BINARY);
                writeBytes(out, b);
            } else {
                throw new IllegalArgumentException("property " + p.propertyId() + " cannot be stored");
            }
        }
    }

    private static MqttProperties readProperties(DataInputStream in) throws IOException {
        MqttProperties properties = new MqttProperties();
        int n = count(in);
        for (int i = 0; i < n; i++) {
            int id = in.readInt();
            int kind = in.readByte();
            switch (kind) {
                case INTEGER -> properties.add(new MqttProperties.IntegerProperty(id, in.readInt()));
                case STRING -> properties.add(new MqttProperties.StringProperty(id, readString(in)));
                case BINARY -> properties.add(new MqttProperties.BinaryProperty(id, readBytes(in)));
                case USER -> {
                    int pairs = count(in);
                    List<MqttProperties.StringPair> list = new ArrayList<>(pairs);
                    for (int j = 0; j < pairs; j++) {
                        list.add(new MqttProperties.StringPair(readString(in), readString(in)));
                    }
                    properties.add(new MqttProperties.UserProperties(list));
                }
                default -> throw new UnreadableException("unknown property kind " + kind);
            }
        }
        return properties;
    }

    // ---- primitives ---------------------------------------------------------------------------------------------

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] encoded, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new UnreadableException("trailing bytes");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            // Never the content: it is device data.
            throw new UnreadableException("stored session data is truncated or corrupt ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static void requireVersion(DataInputStream in, int expected) throws IOException {
        requireVersion(in, expected, expected);
    }

    /** Returns the version read, one of {@code oldest..newest}: older ones are still read. */
    private static int requireVersion(DataInputStream in, int oldest, int newest) throws IOException {
        int version = in.readByte();
        if (version < oldest || version > newest) {
            throw new UnreadableException("unknown stored session format " + version);
        }
        return version;
    }

    private static int subscriptionId(int value) {
        if (value < 0 || value > Subscription.MAX_SUBSCRIPTION_ID) {
            throw new IllegalArgumentException("bad subscription identifier");
        }
        return value;
    }

    /** A count or length read back; a negative or absurd one means corruption, not a reason to allocate. */
    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad length");
        }
        return n;
    }

    private static MqttQoS qos(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("bad QoS");
        }
        return MqttQoS.valueOf(value);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[count(in)];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeNullableString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    private static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }
}
