package dev.warden.telemetry;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The plaintext of a telemetry segment: a version byte, the number of messages, then per message its id, receive
 * time, sequence number, topic and payload (lengths as 32-bit prefixes). Decoding runs only on plaintext that passed
 * AEAD authentication, and still checks every length, so a defect elsewhere cannot turn into an oversized allocation.
 */
final class SegmentCodec {
    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 4;
    private static final int FIXED_PER_ENTRY = 8 + 8 + 8 + 8 + 4 + 4;

    private SegmentCodec() {}

    /** The encoded size of one entry whose topic is {@code topicBytes} long. */
    static int entrySize(int topicBytes, int payloadBytes) {
        return FIXED_PER_ENTRY + topicBytes + payloadBytes;
    }

    static byte[] encode(List<TelemetryEntry> entries) {
        List<byte[]> topics = new ArrayList<>(entries.size());
        int size = HEADER;
        for (TelemetryEntry e : entries) {
            byte[] topic = e.topic().getBytes(StandardCharsets.UTF_8);
            topics.add(topic);
            size = Math.addExact(size, entrySize(topic.length, e.payload().length));
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).putInt(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            TelemetryEntry e = entries.get(i);
            byte[] topic = topics.get(i);
            out.putLong(e.id().getMostSignificantBits())
                    .putLong(e.id().getLeastSignificantBits())
                    .putLong(e.receivedAtMillis())
                    .putLong(e.seq())
                    .putInt(topic.length)
                    .put(topic)
                    .putInt(e.payload().length)
                    .put(e.payload());
        }
        return out.array();
    }

    /** @throws IllegalArgumentException if {@code plaintext} is not a whole segment of this version */
    static List<TelemetryEntry> decode(byte[] plaintext) {
        ByteBuffer in = ByteBuffer.wrap(plaintext);
        try {
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("unknown segment version");
            }
            int count = in.getInt();
            if (count < 1 || count > in.remaining() / FIXED_PER_ENTRY) {
                throw new IllegalArgumentException("bad message count");
            }
            List<TelemetryEntry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                UUID id = new UUID(in.getLong(), in.getLong());
                long receivedAt = in.getLong();
                long seq = in.getLong();
                String topic = utf8(bytes(in));
                entries.add(new TelemetryEntry(id, receivedAt, seq, topic, bytes(in)));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after the last message");
            }
            return entries;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated segment");
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        if (length > in.remaining()) {
            throw new IllegalArgumentException("truncated segment");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String utf8(byte[] bytes) {
        return Utf8.decode(bytes).orElseThrow(() -> new IllegalArgumentException("topic is not UTF-8"));
    }
}
