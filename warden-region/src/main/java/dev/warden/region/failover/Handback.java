package dev.warden.region.failover;

import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standby's side of failback: each guest thing's data, a few segments per call, to its home region over the
 * link; a segment is deleted here only after home stored it. Home stores a segment once however often it is sent, so
 * a failback cut short is simply run again.
 */
final class Handback {
    /** What was handed back. */
    record Result(int things, int segments, int messages) {}

    private static final int SEGMENTS_PER_CALL = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Handback() {}

    static Result run(String home, GuestData data, LinkClient link) {
        int things = 0;
        int segments = 0;
        int messages = 0;
        for (String thing : data.things(home)) {
            things++;
            List<GuestData.Segment> batch;
            while (!(batch = data.segments(home, thing, SEGMENTS_PER_CALL)).isEmpty()) {
                link.call(LinkOperation.HANDBACK, "", body(thing, batch), TIMEOUT);
                data.delete(
                        home, thing, batch.stream().map(GuestData.Segment::id).toList());
                segments += batch.size();
                messages += batch.stream().mapToInt(s -> s.messages().size()).sum();
            }
        }
        return new Result(things, segments, messages);
    }

    private static Map<String, Object> body(String thing, List<GuestData.Segment> batch) {
        List<Map<String, Object>> segments = new ArrayList<>();
        for (GuestData.Segment s : batch) {
            List<Map<String, Object>> messages = new ArrayList<>();
            for (GuestData.Message m : s.messages()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("topic", m.topic());
                row.put("receivedAt", m.receivedAtMillis());
                row.put("payloadBase64", Base64.getEncoder().encodeToString(m.payload()));
                messages.add(row);
            }
            segments.add(Map.of("id", s.id(), "messages", messages));
        }
        return Map.of("thing", thing, "payloadSegments", segments);
    }
}
