package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * What targets metadata says of one target file: its length, its hashes and, optionally, an application's own data
 * ({@code custom}; for Warden's firmware, later, what anti-rollback needs).
 *
 * @param length the file's length in bytes
 * @param hashes algorithm to lowercase hex; at least one, and every one is checked on download
 * @param custom the {@code custom} object, when present (a copy: records are immutable)
 */
public record TargetFile(long length, Map<String, String> hashes, Optional<ObjectNode> custom) {
    public TargetFile {
        TufJson.checkRange(length, 0, "target length");
        hashes = Map.copyOf(hashes);
        if (hashes.isEmpty()) {
            // With no hash, any file of the right length would be accepted.
            throw new TufException(TufReason.MALFORMED, "a target needs at least one hash");
        }
        custom = custom.map(ObjectNode::deepCopy);
    }

    /** The entry for {@code file}: its length, SHA-256 and SHA-512. */
    public static TargetFile of(byte[] file, Optional<ObjectNode> custom) {
        return new TargetFile(file.length, Hashes.of(file), custom);
    }

    @Override
    public Optional<ObjectNode> custom() {
        return custom.map(ObjectNode::deepCopy);
    }

    /**
     * Checks a downloaded target: its exact length, then every listed hash.
     *
     * @throws TufException {@link TufReason#LENGTH_MISMATCH} or {@link TufReason#HASH_MISMATCH}
     */
    public void check(byte[] file, String what) {
        if (file.length != length) {
            throw new TufException(
                    TufReason.LENGTH_MISMATCH, what + " is " + file.length + " bytes, metadata lists " + length);
        }
        Hashes.check(hashes, file, what);
    }

    public ObjectNode toJson() {
        ObjectNode node = TufJson.NODES.objectNode();
        node.put("length", length);
        node.set("hashes", TufJson.stringObject(hashes));
        custom.ifPresent(value -> node.set("custom", value.deepCopy()));
        return node;
    }

    static TargetFile fromJson(JsonNode node, String what) {
        TufJson.object(node, what);
        long length = TufJson.integer(node, "length", 0, what);
        Map<String, String> hashes = TufJson.stringMap(node.get("hashes"), what + ".hashes");
        JsonNode custom = node.get("custom");
        if (custom != null && !custom.isObject()) {
            throw TufJson.malformed(what + ".custom", "must be an object");
        }
        return new TargetFile(length, hashes, Optional.ofNullable((ObjectNode) custom));
    }
}
