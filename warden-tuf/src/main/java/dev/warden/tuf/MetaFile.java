package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a timestamp says of the snapshot, or a snapshot of a targets metadata file: its version and, optionally, its
 * length and hashes.
 *
 * @param version the metadata file's version, at least 1
 * @param length its length in bytes, when listed
 * @param hashes its hashes (algorithm to lowercase hex), empty when not listed
 */
public record MetaFile(long version, OptionalLong length, Map<String, String> hashes) {
    public MetaFile {
        TufJson.checkRange(version, 1, "meta version");
        if (length.isPresent()) {
            TufJson.checkRange(length.getAsLong(), 0, "meta length");
        }
        hashes = Map.copyOf(hashes);
    }

    /** The entry for a metadata file Warden writes: its version, length and SHA-256 and SHA-512. */
    public static MetaFile of(long version, byte[] file) {
        return new MetaFile(version, OptionalLong.of(file.length), Hashes.of(file));
    }

    /** An entry with the version alone, as a repository may list files to keep its snapshot small. */
    public static MetaFile versionOnly(long version) {
        return new MetaFile(version, OptionalLong.empty(), Map.of());
    }

    /**
     * Checks a downloaded file against the length and hashes listed, when they are.
     *
     * @throws TufException {@link TufReason#LENGTH_MISMATCH} or {@link TufReason#HASH_MISMATCH}
     */
    public void check(byte[] file, String what) {
        if (length.isPresent() && file.length != length.getAsLong()) {
            throw new TufException(
                    TufReason.LENGTH_MISMATCH,
                    what + " is " + file.length + " bytes, metadata lists " + length.getAsLong());
        }
        Hashes.check(hashes, file, what);
    }

    public ObjectNode toJson() {
        ObjectNode node = TufJson.NODES.objectNode();
        node.put("version", version);
        length.ifPresent(value -> node.put("length", value));
        if (!hashes.isEmpty()) {
            node.set("hashes", TufJson.stringObject(hashes));
        }
        return node;
    }

    static MetaFile fromJson(JsonNode node, String what) {
        TufJson.object(node, what);
        long version = TufJson.integer(node, "version", 1, what);
        OptionalLong length =
                node.has("length") ? OptionalLong.of(TufJson.integer(node, "length", 0, what)) : OptionalLong.empty();
        Map<String, String> hashes =
                node.has("hashes") ? TufJson.stringMap(node.get("hashes"), what + ".hashes") : Map.of();
        return new MetaFile(version, length, hashes);
    }
}
