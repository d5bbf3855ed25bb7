package dev.warden.gateway;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A byte-level MQTT client over JDK TLS, for what CLI clients cannot do: malformed packets, abrupt disconnects and
 * timing a server-side cut-off. Encodes only what the tests need.
 */
final class RawMqttClient implements AutoCloseable {
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBACK = 9;
    static final int DISCONNECT = 14;

    /** One received packet: type, fixed-header flags and the bytes after the remaining length. */
    record Packet(int type, int flags, byte[] body) {
        /** Topic of a PUBLISH. */
        String topic() {
            int len = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            return new String(body, 2, len, StandardCharsets.UTF_8);
        }

        /** Payload of an MQTT 3.1.1 PUBLISH. */
        String payload311() {
            int len = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            int start = 2 + len + (qos() > 0 ? 2 : 0);
            return new String(body, start, body.length - start, StandardCharsets.UTF_8);
        }

        int qos() {
            return (flags >> 1) & 3;
        }

        int packetId() {
            int topicLen = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            return ((body[2 + topicLen] & 0xFF) << 8) | (body[3 + topicLen] & 0xFF);
        }
    }

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawMqttClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawMqttClient open(int port, SSLContext context) {
        try {
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return new RawMqttClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Like {@link #open} with a small socket receive buffer, set before connecting so the TCP window stays small: a
     * client that then does not read backs the gateway up quickly.
     */
    static RawMqttClient openWithSmallReceiveBuffer(int port, SSLContext context) {
        try {
            java.net.Socket plain = new java.net.Socket();
            plain.setReceiveBufferSize(4 * 1024);
            plain.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return new RawMqttClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate the gateway presented in this connection's handshake. */
    java.security.cert.X509Certificate serverCertificate() {
        try {
            return (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new AssertionError(e);
        }
    }

    void send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next packet, or null at end of stream. */
    Packet read() {
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int length = 0;
            int shift = 0;
            int b;
            do {
                b = in.read();
                if (b < 0) {
                    return null;
                }
                length |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("truncated packet");
            }
            return new Packet(first >> 4, first & 0x0F, body);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no packet within the read timeout", e);
        } catch (IOException e) {
            return null;
        }
    }

    /** The next packet, or null if none arrives within {@code timeout} (or the stream ends). */
    Packet readWithin(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            return read();
        } catch (AssertionError e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            setReadTimeout(Duration.ofSeconds(5));
        }
    }

    /** Reads packets until end of stream; true if the server closed the connection within {@code timeout}. */
    boolean closedWithin(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            while (System.nanoTime() < deadline) {
                if (read() == null) {
                    return true;
                }
            }
            return false;
        } catch (AssertionError | IOException e) {
            return false;
        }
    }

    void setReadTimeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the socket without DISCONNECT: to the broker, an abnormal disconnect. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    // ---- packet encoding ---------------------------------------------------------------------------------------

    static byte[] connect(
            String clientId,
            int version,
            boolean clean,
            int keepAlive,
            String willTopic,
            String willPayload,
            long sessionExpiry) {
        Bytes vh = new Bytes().string("MQTT").u8(version);
        int flags = clean ? 0x02 : 0;
        if (willTopic != null) {
            flags |= 0x04 | (1 << 3);
        }
        vh.u8(flags).u16(keepAlive);
        if (version == 5) {
            Bytes props = new Bytes();
            if (sessionExpiry > 0) {
                props.u8(0x11).u32(sessionExpiry);
            }
            vh.varint(props.size()).raw(props.toArray());
        }
        vh.string(clientId);
        if (willTopic != null) {
            if (version == 5) {
                vh.varint(0);
            }
            vh.string(willTopic).string(willPayload);
        }
        return packet(0x10, vh);
    }

    static byte[] subscribe(int packetId, String filter, int qos, int version) {
        Bytes b = new Bytes().u16(packetId);
        if (version == 5) {
            b.varint(0);
        }
        b.string(filter).u8(qos);
        return packet(0x82, b);
    }

    static byte[] publish(String topic, String payload, int qos, int packetId, int version) {
        Bytes b = new Bytes().string(topic);
        if (qos > 0) {
            b.u16(packetId);
        }
        if (version == 5) {
            b.varint(0);
        }
        b.raw(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x30 | (qos << 1), b);
    }

    /** An MQTT 5 PUBLISH carrying a Topic Alias property; an empty topic uses an alias set earlier. */
    static byte[] publishWithAlias(String topic, String payload, int qos, int packetId, int alias) {
        Bytes b = new Bytes().string(topic);
        if (qos > 0) {
            b.u16(packetId);
        }
        b.varint(3).u8(0x23).u16(alias);
        b.raw(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x30 | (qos << 1), b);
    }

    static byte[] pubAck(int packetId) {
        return packet(0x40, new Bytes().u16(packetId));
    }

    static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0};
    }

    static byte[] packet(int firstByte, Bytes body) {
        return new Bytes().u8(firstByte).varint(body.size()).raw(body.toArray()).toArray();
    }

    /** A tiny big-endian byte writer. */
    static final class Bytes {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Bytes u8(int v) {
            buffer.write(v);
            return this;
        }

        Bytes u16(int v) {
            return u8(v >> 8).u8(v & 0xFF);
        }

        Bytes u32(long v) {
            return u16((int) (v >> 16) & 0xFFFF).u16((int) v & 0xFFFF);
        }

        Bytes varint(int v) {
            do {
                int digit = v % 128;
                v /= 128;
                u8(v > 0 ? digit | 0x80 : digit);
            } while (v > 0);
            return this;
        }

        Bytes string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            return u16(bytes.length).raw(bytes);
        }

        Bytes raw(byte[] bytes) {
            buffer.writeBytes(bytes);
            return this;
        }

        int size() {
            return buffer.size();
        }

        byte[] toArray() {
            return buffer.toByteArray();
        }
    }
}
