package dev.warden.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
        return w.bytes();
    }

    /** Length-prefixed fields; -1 marks an absent text. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        void integer(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
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
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            integer(b.length);
            out.write(b, 0, b.length);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
