package dev.warden.telemetry;

import dev.warden.gateway.AcceptedPublish;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a writer batch is cut into segments: by thing, in arrival order, each segment at most {@link #MAX_MESSAGES}
 * messages, about {@link #MAX_BYTES} of plaintext (a single larger message gets a segment of its own) and
 * {@link #MAX_SPAN_MILLIS} from its oldest to its newest message. The bounds keep what one query must decrypt to
 * return one message small, and the span bound lets a query find every segment that overlaps its window through the
 * index on the segments' start.
 */
final class SegmentPlan {
    static final int MAX_MESSAGES = 1_000;
    static final int MAX_BYTES = 1 << 20;
    /** Also in V14__telemetry_segments.sql: stored segments rely on it, so it may grow only with a migration. */
    static final long MAX_SPAN_MILLIS = 60_000;

    private SegmentPlan() {}

    static List<List<AcceptedPublish>> split(List<AcceptedPublish> batch) {
        Map<String, List<AcceptedPublish>> byThing = new LinkedHashMap<>();
        for (AcceptedPublish p : batch) {
            byThing.computeIfAbsent(p.identity().thingName(), t -> new ArrayList<>())
                    .add(p);
        }
        List<List<AcceptedPublish>> segments = new ArrayList<>(byThing.size());
        for (List<AcceptedPublish> messages : byThing.values()) {
            cut(messages, segments);
        }
        return segments;
    }

    private static void cut(List<AcceptedPublish> messages, List<List<AcceptedPublish>> into) {
        List<AcceptedPublish> current = new ArrayList<>();
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (AcceptedPublish p : messages) {
            long size = SegmentCodec.entrySize(p.topic().length() * 3, p.payload().length);
            long at = p.receivedAtMillis();
            boolean full = current.size() == MAX_MESSAGES
                    || bytes + size > MAX_BYTES
                    || Math.max(last, at) - Math.min(first, at) > MAX_SPAN_MILLIS;
            if (!current.isEmpty() && full) {
                into.add(current);
                current = new ArrayList<>();
                bytes = 0;
                first = Long.MAX_VALUE;
                last = Long.MIN_VALUE;
            }
            current.add(p);
            bytes += size;
            first = Math.min(first, at);
            last = Math.max(last, at);
        }
        if (!current.isEmpty()) {
            into.add(current);
        }
    }
}
