package dev.warden.region.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainedEvent;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One shipment of a region's audit chain: consecutive events at their place in the chain, the checkpoints signed
 * since the last one shipped, and the region's key list when a checkpoint names a key the audit region has not pinned
 * (public material; a key in it is trusted only as {@link BatchVerifier} allows). Its JSON form carries every field
 * of the canonical form, so the receiver recomputes each hash from exactly what arrived.
 */
public record AuditBatch(List<ChainedEvent> events, List<AuditDigest> digests, AuditKeys keys) {
    /** At most this many events or checkpoints in one batch; the link refuses larger bodies anyway. */
    public static final int MAX_ITEMS = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    public AuditBatch {
        events = List.copyOf(events);
        digests = List.copyOf(digests);
    }

    /** The seq of the last event, or {@code fallback} when the batch holds none. */
    public long lastSeq(long fallback) {
        return events.isEmpty() ? fallback : events.get(events.size() - 1).seq();
    }

    public boolean isEmpty() {
        return events.isEmpty() && digests.isEmpty();
    }

    public ObjectNode toJson() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode eventArray = body.putArray("events");
        events.forEach(e -> eventArray.add(event(e)));
        ArrayNode digestArray = body.putArray("digests");
        digests.forEach(d -> digestArray.add(digest(d)));
        if (keys != null) {
            body.set("keys", keys.toJson());
        }
        return body;
    }

    /** Reads a batch; a body that is not one is {@link RegionReason#INVALID_REQUEST}, with nothing of it echoed. */
    public static AuditBatch fromJson(JsonNode body) {
        if (body.path("events").size() > MAX_ITEMS || body.path("digests").size() > MAX_ITEMS) {
            throw invalid("more than " + MAX_ITEMS + " events or checkpoints");
        }
        try {
            List<ChainedEvent> events = new ArrayList<>();
            for (JsonNode e : body.path("events")) {
                events.add(event(e));
            }
            List<AuditDigest> digests = new ArrayList<>();
            for (JsonNode d : body.path("digests")) {
                digests.add(digest(d));
            }
            AuditKeys keys =
                    body.hasNonNull("keys") ? AuditKeys.parse(body.get("keys").toString()) : null;
            return new AuditBatch(events, digests, keys);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid("an event, checkpoint or key list without its required fields");
        }
    }

    private static ObjectNode event(ChainedEvent chained) {
        AuditEvent e = chained.event();
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", chained.seq());
        n.put("hash", chained.hash());
        n.put("eventId", e.eventId());
        n.put("timeNanos", e.timeNanos());
        n.put("region", e.region());
        n.put("node", e.node());
        n.put("principalType", e.principal().type());
        n.put("principalId", e.principal().id());
        n.put("principalCredential", e.principal().credential());
        n.put("sourceIp", e.sourceIp());
        n.put("action", e.action());
        n.put("resource", e.resource());
        n.put("result", e.result().name());
        n.put("decidingStatement", e.decidingStatement());
        n.put("requestId", e.requestId());
        ObjectNode details = n.putObject("details");
        e.details().forEach(details::put);
        return n;
    }

    private static ChainedEvent event(JsonNode n) {
        TreeMap<String, String> details = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = n.path("details").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new IllegalArgumentException("a detail that is not text");
            }
            details.put(field.getKey(), field.getValue().asText());
        }
        AuditEvent event = new AuditEvent(
                text(n, "eventId"),
                n.path("timeNanos").asLong(),
                text(n, "region"),
                text(n, "node"),
                new AuditPrincipal(text(n, "principalType"), text(n, "principalId"), text(n, "principalCredential")),
                text(n, "sourceIp"),
                text(n, "action"),
                text(n, "resource"),
                AuditResult.valueOf(text(n, "result")),
                text(n, "decidingStatement"),
                text(n, "requestId"),
                details);
        return new ChainedEvent(n.path("seq").asLong(), event, text(n, "hash"));
    }

    private static ObjectNode digest(AuditDigest d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("region", d.region());
        n.put("digestSeq", d.digestSeq());
        n.put("fromSeq", d.fromSeq());
        n.put("toSeq", d.toSeq());
        n.put("headHash", d.headHash());
        n.put("previousDigestHash", d.previousDigestHash());
        n.put("createdAtNanos", d.createdAtNanos());
        n.put("keyId", d.keyId());
        n.put("signature", d.signature());
        n.put("epoch", d.epoch());
        n.put("merkleRoot", d.merkleRoot());
        return n;
    }

    private static AuditDigest digest(JsonNode n) {
        return new AuditDigest(
                text(n, "region"),
                n.path("digestSeq").asLong(),
                n.path("fromSeq").asLong(),
                n.path("toSeq").asLong(),
                text(n, "headHash"),
                text(n, "previousDigestHash"),
                n.path("createdAtNanos").asLong(),
                text(n, "keyId"),
                text(n, "signature"),
                n.path("epoch").asLong(),
                text(n, "merkleRoot"));
    }

    /** A text field, {@code null} when absent or null (absent and empty differ in the canonical form). */
    private static String text(JsonNode n, String field) {
        JsonNode value = n.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static RegionException invalid(String what) {
        return new RegionException(RegionReason.INVALID_REQUEST, "not an audit batch: " + what);
    }
}
