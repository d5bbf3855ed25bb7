package dev.warden.audit.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.anchor.AnchorLines;
import dev.warden.audit.export.JsonLinesExport;
import dev.warden.audit.merkle.ConsistencyProof;
import dev.warden.audit.merkle.InclusionProof;
import java.util.ArrayList;
import java.util.List;

/**
 * The file form of an {@link EventProof}, one JSON object:
 * <pre>{
 *   "type": "warden-audit-event-proof", "version": 1, "region": "eu-west-1",
 *   "event": { the event as in an export line: seq, eventId, ..., details, hash },
 *   "seq": 42, "previousHash": "hex", "chainHash": "hex",
 *   "leafIndex": 41, "treeSize": 100, "auditPath": ["hex", ...],
 *   "checkpoint": { the checkpoint as in an anchor line, signature included },
 *   "consistency": { "firstSize": 50, "secondSize": 100, "path": ["hex", ...] }   (optional)
 * }</pre>
 * Reading trusts nothing: a missing or mistyped field is an {@link IllegalArgumentException}, and the values are
 * checked by {@link ProofCheck}.
 */
public final class EventProofJson {
    public static final String TYPE = "warden-audit-event-proof";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventProofJson() {}

    public static ObjectNode toJson(EventProof proof) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", TYPE);
        n.put("version", 1);
        n.put("region", proof.checkpoint().region());
        n.set("event", JsonLinesExport.eventJson(proof.event()));
        n.put("seq", proof.seq());
        n.put("previousHash", proof.previousHash());
        n.put("chainHash", proof.event().hash());
        n.put("leafIndex", proof.inclusion().leafIndex());
        n.put("treeSize", proof.inclusion().treeSize());
        strings(n.putArray("auditPath"), proof.auditPath());
        n.set("checkpoint", AnchorLines.checkpoint(proof.checkpoint()));
        if (proof.consistency() != null) {
            ObjectNode c = n.putObject("consistency");
            c.put("firstSize", proof.consistency().firstSize());
            c.put("secondSize", proof.consistency().secondSize());
            strings(c.putArray("path"), proof.consistency().path());
        }
        return n;
    }

    public static String write(EventProof proof) {
        return toJson(proof).toPrettyString();
    }

    /** Parses a proof file's text; {@link IllegalArgumentException} with a one-line reason when it is not one. */
    public static EventProof parse(String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        return fromJson(n);
    }

    public static EventProof fromJson(JsonNode n) {
        if (n == null || !TYPE.equals(n.path("type").asText())) {
            throw new IllegalArgumentException("not an audit event proof (type is not '" + TYPE + "')");
        }
        ChainedEvent parsed = JsonLinesExport.parseEvent(object(n, "event"));
        long seq = number(n, "seq");
        if (parsed.seq() != seq) {
            throw new IllegalArgumentException("the event's seq " + parsed.seq() + " is not the proof's seq " + seq);
        }
        // The chain hash the proof claims is the one checked; the copy inside the event must agree with it.
        String chainHash = text(n, "chainHash");
        if (!chainHash.equals(parsed.hash())) {
            throw new IllegalArgumentException("the event's hash is not the proof's chainHash");
        }
        AuditDigest checkpoint = AnchorLines.toCheckpoint(object(n, "checkpoint"));
        InclusionProof inclusion =
                new InclusionProof(number(n, "leafIndex"), number(n, "treeSize"), hexList(n, "auditPath"));
        ConsistencyProof consistency = null;
        if (n.hasNonNull("consistency")) {
            JsonNode c = object(n, "consistency");
            consistency = new ConsistencyProof(number(c, "firstSize"), number(c, "secondSize"), hexList(c, "path"));
        }
        return new EventProof(parsed, text(n, "previousHash"), inclusion, checkpoint, consistency);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static JsonNode object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an object");
        }
        return v;
    }

    private static List<String> hexList(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException("field '" + field + "' holds a value that is not text");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not text");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a number");
        }
        return v.asLong();
    }
}
