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
    static void write(AuditEvent e, Writer w) {
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

    /** Length-prefixed fields; -1 marks an absent text. Not thread-safe; {@link #reset()} to reuse. */
    static final class Writer {
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

        void number(long v) {
            integer((int) (v >>> 32));
            integer((int) v);
        }

        void text(String s) {
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
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            integer(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        private static boolean isAscii(String s, int n) {
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, size);
        }
    }
}
