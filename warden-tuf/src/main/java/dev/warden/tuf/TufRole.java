package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;

/**
 * The keys a role trusts and how many of them must sign: a root's entry for a top-level role.
 *
 * @param keyIds the ids of the role's keys, without repeats
 * @param threshold how many distinct keys of {@code keyIds} must sign, at least 1
 */
public record TufRole(List<String> keyIds, int threshold) {
    public TufRole {
        keyIds = checkKeyIds(keyIds, threshold, "role");
    }

    public ObjectNode toJson() {
        ObjectNode node = TufJson.NODES.objectNode();
        node.set("keyids", TufJson.array(keyIds));
        node.put("threshold", threshold);
        return node;
    }

    static TufRole fromJson(JsonNode node, String what) {
        TufJson.object(node, what);
        return new TufRole(TufJson.strings(node, "keyids", what), threshold(node, what));
    }

    static int threshold(JsonNode node, String what) {
        return (int) Math.min(Integer.MAX_VALUE, TufJson.integer(node, "threshold", 1, what));
    }

    static List<String> checkKeyIds(List<String> keyIds, int threshold, String what) {
        if (threshold < 1) {
            throw new TufException(TufReason.MALFORMED, what + ": threshold must be at least 1");
        }
        List<String> copy = List.copyOf(keyIds);
        if (new HashSet<>(copy).size() != copy.size()) {
            throw new TufException(TufReason.MALFORMED, what + ": a key id is listed twice");
        }
        return copy;
    }
}
