package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Timestamp metadata: the one file fetched without a version ({@code timestamp.json}), short-lived, naming the
 * current snapshot.
 *
 * @param snapshotMeta what the timestamp says of {@code snapshot.json}
 */
public record Timestamp(String specVersion, long version, Instant expires, MetaFile snapshotMeta)
        implements TufMetadata {
    public static final String TYPE = "timestamp";
    private static final String SNAPSHOT_FILE = TopLevelRole.SNAPSHOT.fileName();

    public Timestamp {
        TufJson.checkRange(version, 1, "timestamp version");
        expires = expires.truncatedTo(ChronoUnit.SECONDS);
    }

    public static Timestamp of(long version, Instant expires, MetaFile snapshotMeta) {
        return new Timestamp(SPEC_VERSION, version, expires, snapshotMeta);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = SignedHeader.write(TYPE, specVersion, version, expires);
        node.putObject("meta").set(SNAPSHOT_FILE, snapshotMeta.toJson());
        return node;
    }

    public static Timestamp fromJson(JsonNode signed) {
        SignedHeader header = SignedHeader.read(signed, TYPE);
        ObjectNode meta = TufJson.objectField(signed, "meta", TYPE);
        MetaFile snapshot = MetaFile.fromJson(meta.get(SNAPSHOT_FILE), "timestamp.meta." + SNAPSHOT_FILE);
        return new Timestamp(header.specVersion(), header.version(), header.expires(), snapshot);
    }
}
