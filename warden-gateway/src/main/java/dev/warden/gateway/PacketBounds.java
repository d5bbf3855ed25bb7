package dev.warden.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderException;

/**
 * Checks that every length-prefixed field of one whole inbound packet (strings, binary data, property blocks and
 * the properties in them) lies inside the packet the fixed header declares. Netty's MqttDecoder only bounds a field
 * by the maximum packet size, so a topic length larger than its packet made it wait for bytes that were never coming
 * (or read them from the next packet). Only reads the buffer; never copies a field.
 *
 * <p>Client-to-server packet types are walked field by field; the others (which a client must not send) are left to
 * the decoder and the connection.
 */
final class PacketBounds {
    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;
    private static final int PUBACK = 4;
    private static final int PUBREL = 6;
    private static final int PUBCOMP = 7;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;
    private static final int DISCONNECT = 14;
    private static final int AUTH = 15;

    /** A field that runs past its packet or property block, or an unknown property. */
    static final class MalformedPacketException extends DecoderException {
        private static final long serialVersionUID = 1L;

        MalformedPacketException(String message) {
            super(message);
        }
    }

    private final ByteBuf buf;
    private int pos;
    private int end;

    private PacketBounds(ByteBuf buf, int from, int length) {
        this.buf = buf;
        this.pos = from;
        this.end = from + length;
    }

    /** Throws {@link MalformedPacketException} for a reserved packet type or flags the type does not allow. */
    static void fixedHeader(int type, int flags) {
        boolean valid = switch (type) {
            case 0 -> false;
            case PUBLISH -> ((flags >> 1) & 3) != 3;
            case PUBREL, SUBSCRIBE, UNSUBSCRIBE -> flags == 0x02;
            default -> flags == 0;
        };
        if (!valid) {
            throw new MalformedPacketException("packet type " + type + " with flags 0x" + Integer.toHexString(flags));
        }
    }

    /** The protocol level a whole CONNECT packet asks for (5 for MQTT 5); checks its fields as {@link #check} does. */
    static int connectLevel(ByteBuf buf, int from, int length) {
        PacketBounds p = new PacketBounds(buf, from, length);
        p.string("protocol name");
        return p.u8("protocol level");
    }

    /**
     * Throws {@link MalformedPacketException} unless every field of the packet of {@code type} (high nibble of its
     * first byte) with {@code flags} (low nibble), whose variable header starts at {@code from} and which has
     * {@code length} remaining bytes, fits inside it.
     */
    static void check(ByteBuf buf, int type, int flags, int from, int length, boolean mqtt5) {
        PacketBounds p = new PacketBounds(buf, from, length);
        switch (type) {
            case CONNECT -> p.connect();
            case PUBLISH -> p.publish((flags >> 1) & 3, mqtt5);
            case SUBSCRIBE, UNSUBSCRIBE -> p.subscription(type == SUBSCRIBE, mqtt5);
            case DISCONNECT, AUTH -> p.reasonAndProperties(mqtt5);
            default -> {
                if (type >= PUBACK && type <= PUBCOMP) {
                    p.u16("packet identifier");
                    p.reasonAndProperties(mqtt5);
                }
            }
        }
    }

    private void connect() {
        string("protocol name");
        boolean v5 = u8("protocol level") == 5;
        int connectFlags = u8("connect flags");
        u16("keep alive");
        if (v5) {
            properties("CONNECT properties");
        }
        string("client identifier");
        if ((connectFlags & 0x04) != 0) {
            if (v5) {
                properties("will properties");
            }
            string("will topic");
            string("will payload");
        }
        if ((connectFlags & 0x80) != 0) {
            string("user name");
        }
        if ((connectFlags & 0x40) != 0) {
            string("password");
        }
        if (pos != end) {
            throw new MalformedPacketException((end - pos) + " bytes after the last field of CONNECT");
        }
    }

    private void publish(int qos, boolean mqtt5) {
        string("topic name");
        if (qos > 0) {
            u16("packet identifier");
        }
        if (mqtt5) {
            properties("PUBLISH properties");
        }
    }

    private void subscription(boolean subscribe, boolean mqtt5) {
        u16("packet identifier");
        if (mqtt5) {
            properties(subscribe ? "SUBSCRIBE properties" : "UNSUBSCRIBE properties");
        }
        while (pos < end) {
            string("topic filter");
            if (subscribe) {
                u8("subscription options");
            }
        }
    }

    private void reasonAndProperties(boolean mqtt5) {
        if (mqtt5 && pos < end) {
            u8("reason code");
            if (pos < end) {
                properties("properties");
            }
        }
    }

    /** A property length and the properties in it, each of which must stay inside that length. */
    private void properties(String what) {
        int length = varint(what + " length");
        require(length, what);
        int outer = end;
        end = pos + length;
        while (pos < end) {
            property(varint("property identifier"));
        }
        end = outer;
    }

    private void property(int id) {
        switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> u8("byte property");
            case 0x13, 0x21, 0x22, 0x23 -> u16("two-byte property");
            case 0x02, 0x11, 0x18, 0x27 -> skip(4, "four-byte property");
            case 0x0B -> varint("subscription identifier");
            case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> string("string property");
            case 0x09, 0x16 -> string("binary property");
            case 0x26 -> {
                string("user property name");
                string("user property value");
            }
            default -> throw new MalformedPacketException("unknown property identifier 0x" + Integer.toHexString(id));
        }
    }

    /** A two-byte length and that many bytes (UTF-8 string or binary data). */
    private void string(String what) {
        skip(u16(what + " length"), what);
    }

    private int u8(String what) {
        require(1, what);
        return buf.getUnsignedByte(pos++);
    }

    private int u16(String what) {
        require(2, what);
        int value = buf.getUnsignedShort(pos);
        pos += 2;
        return value;
    }

    private int varint(String what) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = u8(what);
            value |= (digit & 0x7F) << (7 * i);
            if ((digit & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedPacketException(what + " longer than 4 bytes");
    }

    private void skip(int n, String what) {
        require(n, what);
        pos += n;
    }

    private void require(int n, String what) {
        if (n > end - pos) {
            throw new MalformedPacketException(what + " needs " + n + " bytes, " + (end - pos) + " left");
        }
    }
}
