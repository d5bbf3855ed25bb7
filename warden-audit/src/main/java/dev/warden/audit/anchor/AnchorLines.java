package dev.warden.audit.anchor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.witness.Cosignature;

/** The JSON form of anchor records, written by {@link AnchorFile} and read back by {@link AnchorLog}. */
public final class AnchorLines {
    private AnchorLines() {}

    public static ObjectNode checkpoint(AuditDigest d) {
        ObjectNode n = AnchorFile.JSON.createObjectNode();
        n.put("type", "checkpoint");
        n.put("region", d.region());
        n.put("epoch", d.epoch());
        n.put("digestSeq", d.digestSeq());
        n.put("fromSeq", d.fromSeq());
        n.put("toSeq", d.toSeq());
        n.put("headHash", d.headHash());
        n.put("merkleRoot", d.merkleRoot());
        n.put("previousDigestHash", d.previousDigestHash());
        n.put("createdAtNanos", d.createdAtNanos());
        n.put("keyId", d.keyId());
        n.put("signature", d.signature());
        return n;
    }

    public static ObjectNode head(AnchoredHead h) {
        ObjectNode n = AnchorFile.JSON.createObjectNode();
        n.put("type", "head");
        n.put("region", h.region());
        n.put("seq", h.seq());
        n.put("hash", h.hash());
        n.put("timeNanos", h.timeNanos());
        return n;
    }

    public static ObjectNode epoch(EpochStart e) {
        ObjectNode n = AnchorFile.JSON.createObjectNode();
        n.put("type", "epoch");
        n.put("region", e.region());
        n.put("epoch", e.epoch());
        n.put("resumesAfterSeq", e.resumesAfterSeq());
        n.put("headHash", e.headHash());
        n.put("reason", e.reason());
        n.put("fromSeq", e.fromSeq());
        n.put("toSeq", e.toSeq());
        n.put("timeNanos", e.timeNanos());
        return n;
    }

    /** A witness's countersignature of one of this node's checkpoints. */
    public static ObjectNode cosignature(Cosignature c) {
        ObjectNode n = AnchorFile.JSON.createObjectNode();
        n.put("type", "cosignature");
        n.put("region", c.region());
        n.put("digestSeq", c.digestSeq());
        n.put("toSeq", c.toSeq());
        n.put("merkleRoot", c.merkleRoot());
        n.put("checkpointHash", c.checkpointHash());
        n.put("witnessedAtNanos", c.witnessedAtNanos());
        n.put("witnessKeyId", c.witnessKeyId());
        n.put("signature", c.signature());
        return n;
    }

    public static Cosignature toCosignature(JsonNode n) {
        return new Cosignature(
                text(n, "region"),
                number(n, "digestSeq"),
                number(n, "toSeq"),
                text(n, "merkleRoot"),
                text(n, "checkpointHash"),
                number(n, "witnessedAtNanos"),
                text(n, "witnessKeyId"),
                text(n, "signature"));
    }

    public static ObjectNode key(AnchoredKey k) {
        ObjectNode n = AnchorFile.JSON.createObjectNode();
        n.put("type", "key");
        n.put("region", k.region());
        n.put("keyId", k.keyId());
        n.put("publicKeyPem", k.publicKeyPem());
        n.put("fromDigestSeq", k.fromDigestSeq());
        n.put("createdAtNanos", k.createdAtNanos());
        return n;
    }

    public static AnchoredKey toKey(JsonNode n) {
        return new AnchoredKey(
                text(n, "region"),
                text(n, "keyId"),
                text(n, "publicKeyPem"),
                number(n, "fromDigestSeq"),
                number(n, "createdAtNanos"));
    }

    /** A checkpoint line as a digest; throws {@link IllegalArgumentException} when a field is missing. */
    public static AuditDigest toCheckpoint(JsonNode n) {
        return new AuditDigest(
                text(n, "region"),
                number(n, "digestSeq"),
                number(n, "fromSeq"),
                number(n, "toSeq"),
                text(n, "headHash"),
                text(n, "previousDigestHash"),
                number(n, "createdAtNanos"),
                text(n, "keyId"),
                text(n, "signature"),
                n.path("epoch").asLong(0),
                n.hasNonNull("merkleRoot") ? n.get("merkleRoot").asText() : null);
    }

    public static AnchoredHead toHead(JsonNode n) {
        return new AnchoredHead(text(n, "region"), number(n, "seq"), text(n, "hash"), number(n, "timeNanos"));
    }

    public static EpochStart toEpoch(JsonNode n) {
        return new EpochStart(
                text(n, "region"),
                number(n, "epoch"),
                number(n, "resumesAfterSeq"),
                text(n, "headHash"),
                text(n, "reason"),
                number(n, "fromSeq"),
                number(n, "toSeq"),
                number(n, "timeNanos"));
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
