package dev.warden.region.link;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What may cross a region link: for each operation, the fields of its request and of its answer, and nothing else.
 * Both ends enforce it (the server on what it receives, the client on what it is answered), so a field added to an
 * operation without being listed here is refused, not silently sent to another region. What the lists hold is
 * metadata and public material (names, URLs, sequence numbers, hashes, signatures, certificates and public keys); the
 * exceptions are named in {@link #CARRIES_CONTENT}.
 */
public final class LinkSchema {
    /** The fields of one operation: what its request and its answer may hold. */
    public record Fields(Set<String> request, Set<String> answer) {}

    private static final Set<String> DEPLOYMENT_FIELDS = Set.of(
            "deployment",
            "controlRegion",
            "auditRegion",
            "iamPublicKey",
            "members",
            "jurisdictions",
            "tokenKey",
            "auditKeys",
            // the calling member's root cross-certified by the deployment root (a public certificate)
            "crossCertificate");

    private static final Map<LinkOperation, Fields> FIELDS = fields();

    /**
     * Operations that carry more than metadata, by design: {@code JOIN}'s one-time token secret (the joining region's
     * only credential), {@code REPLICATE_OBJECT}'s object, which leaves its region only for another of the same
     * jurisdiction, over the link, re-encrypted under the destination's own key, and {@code HANDBACK}'s device
     * messages, which a standby of the same jurisdiction kept during a failover and returns to their home region, and
     * {@code FORWARD}'s admin request (the caller's token, which the home region authenticates itself) and answer: an
     * operator's own request for that region's data, decided there, under its policies' region conditions.
     */
    public static final Map<LinkOperation, Set<String>> CARRIES_CONTENT = Map.of(
            LinkOperation.JOIN,
            Set.of("secret"),
            LinkOperation.REPLICATE_OBJECT,
            Set.of("contentBase64"),
            LinkOperation.HANDBACK,
            Set.of("payloadSegments"),
            LinkOperation.FORWARD,
            Set.of("tokenSecret", "requestContent", "responseContent"));

    private LinkSchema() {}

    private static Map<LinkOperation, Fields> fields() {
        Map<LinkOperation, Fields> f = new EnumMap<>(LinkOperation.class);
        f.put(
                LinkOperation.JOIN,
                new Fields(
                        Set.of("secret", "region", "node", "linkUrl", "mqttUrl", "root", "certificate", "auditKeys"),
                        union(DEPLOYMENT_FIELDS, Set.of("lastSeq"))));
        f.put(LinkOperation.DEPLOYMENT, new Fields(Set.of(), DEPLOYMENT_FIELDS));
        f.put(LinkOperation.IAM_CHANGES, new Fields(Set.of(), Set.of("changes", "lastSeq")));
        f.put(LinkOperation.LEAVE, new Fields(Set.of(), Set.of("left")));
        Set<String> position = Set.of("lastSeq", "lastHash", "lastDigestSeq", "keyIds");
        f.put(LinkOperation.AUDIT_POSITION, new Fields(Set.of(), position));
        f.put(LinkOperation.AUDIT_BATCH, new Fields(Set.of("events", "digests", "keys"), position));
        f.put(
                LinkOperation.REPLICATE_OBJECT,
                new Fields(
                        Set.of("bucket", "key", "deleted", "contentType", "sha256", "contentBase64"),
                        Set.of("bucket", "key", "stored")));
        f.put(LinkOperation.DEVICE_STATUS, new Fields(Set.of(), Set.of("version", "unchanged", "devices", "policies")));
        f.put(
                LinkOperation.HANDBACK,
                new Fields(Set.of("thing", "payloadSegments"), Set.of("thing", "stored", "duplicates")));
        f.put(LinkOperation.GUEST_REVOCATIONS, new Fields(Set.of("revocations"), Set.of("outcomes")));
        f.put(
                LinkOperation.FORWARD,
                new Fields(
                        Set.of("method", "path", "query", "tokenSecret", "sourceIp", "mediaType", "requestContent"),
                        Set.of("status", "mediaType", "responseContent")));
        f.put(
                LinkOperation.CONTAIN,
                new Fields(
                        Set.of("requestId", "incidentId", "operation", "principalType", "principalName"),
                        Set.of("changed", "message")));
        for (LinkOperation op : LinkOperation.values()) {
            if (!f.containsKey(op)) {
                throw new IllegalStateException("no link schema for " + op);
            }
        }
        return Map.copyOf(f);
    }

    public static Fields of(LinkOperation op) {
        return FIELDS.get(op);
    }

    /** Refuses a request body with a field the operation does not list. */
    public static void checkRequest(LinkOperation op, JsonNode body) {
        check(op, body, of(op).request(), "request");
    }

    /** Refuses an answer with a field the operation does not list. */
    public static void checkAnswer(LinkOperation op, JsonNode body) {
        check(op, body, of(op).answer(), "answer");
    }

    private static void check(LinkOperation op, JsonNode body, Set<String> allowed, String what) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return;
        }
        if (!body.isObject()) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "a link " + what + " is a JSON object");
        }
        List<String> extra = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                extra.add(name);
            }
        }
        if (!extra.isEmpty()) {
            throw new RegionException(
                    RegionReason.INVALID_REQUEST,
                    "the " + what + " of " + op.name().toLowerCase(java.util.Locale.ROOT)
                            + " carries fields the link does not allow: " + extra);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
