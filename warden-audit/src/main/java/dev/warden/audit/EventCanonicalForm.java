package dev.warden.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The one byte serialization that is hashed: every field in a fixed order, each length-prefixed, so that no two
 * different events (or a field moved into its neighbour) can serialize alike. Absent values differ from empty ones.
 */
public final class EventCanonicalForm {
    private static final int FORMAT_VERSION = 1;

    private EventCanonicalForm() {}

    public static byte[] of(AuditEvent e) {
        Writer w = new Writer();
        write(e, w);
        return w.bytes();
    }

    /** Serializes into a reusable writer (the verifier's hot path avoids a new buffer per event). */
    public static void write(AuditEvent e, Writer w) {
        w.integer(FORMAT_VERSION);
        w.text(e.eventId());
        w.number(e.timeNanos());
        w.text(e.region());
        w.text(e.node());
        w.text(e.principal().type());
        w.text(e.principal().id());
        w.text(e.principal().credential());
        w.text(e.sourceIp());
        w.text(e.action());
        w.text(e.resource());
        w.text(e.result().name());
        w.text(e.decidingStatement());
        w.text(e.requestId());
        w.integer(e.details().size());
        for (Map.Entry<String, String> entry : e.details().entrySet()) {
            w.text(entry.getKey());
            w.text(entry.getValue());
        }
    }

    /** How many text fields {@link #writeStored} takes, in the order of {@link #write}: id, region, ... request id. */
    public static final int STORED_TEXT_FIELDS = 12;

    /**
     * The canonical form of a stored event from its text columns as raw UTF-8 bytes ({@code null} when absent), so
     * a verifier reading a database hashes what is stored without decoding every column into a string first.
     *
     * @param texts       event id, region, node, principal type, id and credential, source IP, action, resource,
     *                    result, deciding statement, request id
     * @param detailPairs the details as UTF-8 key, value, key, value... in ascending key order
     */
    public static void writeStored(Writer w, long timeNanos, byte[][] texts, byte[][] detailPairs) {
        if (texts.length != STORED_TEXT_FIELDS || detailPairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected " + STORED_TEXT_FIELDS + " texts and key/value pairs");
        }
        w.integer(FORMAT_VERSION);
        w.utf8(texts[0]);
        w.number(timeNanos);
        for (int i = 1; i < STORED_TEXT_FIELDS; i++) {
            w.utf8(texts[i]);
        }
        w.integer(detailPairs.length / 2);
        for (byte[] text : detailPairs) {
            w.utf8(text);
        }
    }

    /**
     * Length-prefixed fields; -1 marks an absent text. Only this class writes into it, so the field order lives in
     * one place. Not thread-safe; {@link #reset()} to reuse.
     */
    public static final class Writer {
        public Writer() {}

        private byte[] buf = new byte[512];
        private int size;

        void reset() {
            size = 0;
        }

        byte[] buffer() {
            return buf;
        }

        int size() {
            return size;
        }

        private void ensure(int extra) {
            if (size + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
            }
        }

        void integer(int v) {
            ensure(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        public void number(long v) {
            integer((int) (v >>> 32));
            integer((int) v);
        }

        public void text(String s) {
            if (s == null) {
                integer(-1);
                return;
            }
            int n = s.length();
            if (isAscii(s, n)) {
                // ASCII is its own UTF-8: skip the encoder on the common path.
                integer(n);
                ensure(n);
                for (int i = 0; i < n; i++) {
                    buf[size++] = (byte) s.charAt(i);
                }
                return;
            }
            utf8(s.getBytes(StandardCharsets.UTF_8));
        }

        private static boolean isAscii(String s, int n) {
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }

        void utf8(byte[] b) {
            if (b == null) {
                integer(-1);
                return;
            }
            integer(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        /** A copy of what was written. */
        public byte[] bytes() {
            return Arrays.copyOf(buf, size);
        }
    }
}
