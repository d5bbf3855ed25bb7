package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Snapshot metadata: the version of every targets metadata file on the repository (top-level and delegated), so that
 * a client sees one consistent set and none of them rolled back.
 *
 * @param meta file name ({@code targets.json}, {@code <delegated role>.json}) to what the snapshot says of it
 */
public record Snapshot(String specVersion, long version, Instant expires, Map<String, MetaFile> meta)
        implements TufMetadata {
    public static final String TYPE = "snapshot";

    public Snapshot {
        TufJson.checkRange(version, 1, "snapshot version");
        expires = expires.truncatedTo(ChronoUnit.SECONDS);
        meta = Map.copyOf(meta);
    }

    public static Snapshot of(long version, Instant expires, Map<String, MetaFile> meta) {
        return new Snapshot(SPEC_VERSION, version, expires, meta);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = SignedHeader.write(TYPE, specVersion, version, expires);
        ObjectNode metaNode = node.putObject("meta");
        meta.forEach((file, entry) -> metaNode.set(file, entry.toJson()));
        return node;
    }

    public static Snapshot fromJson(JsonNode signed) {
        SignedHeader header = SignedHeader.read(signed, TYPE);
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry :
                TufJson.objectField(signed, "meta", TYPE).properties()) {
            meta.put(
                    entry.getKey(),
                    MetaFile.fromJson(entry.getValue(), "snapshot.meta." + TufJson.quote(entry.getKey())));
        }
        return new Snapshot(header.specVersion(), header.version(), header.expires(), meta);
    }
}
