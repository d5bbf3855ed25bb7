package dev.warden.audit.witness.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.audit.anchor.AnchorLines;
import dev.warden.audit.witness.WitnessedCheckpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code audit_witness_keys} and {@code audit_witness_state} on one handle. */
final class WitnessStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Handle handle;

    WitnessStore(Handle handle) {
        this.handle = handle;
    }

    /** Key id to PEM public key, for the keys trusted for {@code region}. */
    Map<String, String> keys(String region) {
        Map<String, String> keys = new LinkedHashMap<>();
        handle.createQuery(
                        "SELECT key_id, public_key FROM audit_witness_keys WHERE witnessed_region = :region ORDER BY key_id")
                .bind("region", region)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> keys.put(e.getKey(), e.getValue()));
        return keys;
    }

    void trust(String region, String keyId, String publicKeyPem, String source, long nowNanos) {
        handle.createUpdate(
                        "INSERT INTO audit_witness_keys (witnessed_region, key_id, public_key, source, trusted_at_ns) "
                                + "VALUES (:region, :keyId, :pem, :source, :now)")
                .bind("region", region)
                .bind("keyId", keyId)
                .bind("pem", publicKeyPem)
                .bind("source", source)
                .bind("now", nowNanos)
                .execute();
    }

    Optional<WitnessRecord> state(String region) {
        return handle.createQuery(
                        "SELECT checkpoint, cosignature FROM audit_witness_state WHERE witnessed_region = :region")
                .bind("region", region)
                .map((rs, ctx) -> record(rs.getString(1), rs.getString(2)))
                .findOne();
    }

    /**
     * Stores {@code next} in place of the state whose digest seq was {@code previousDigestSeq} (none: the first).
     *
     * @return false when another submission replaced that state first
     */
    boolean replace(WitnessRecord next, Optional<Long> previousDigestSeq) {
        WitnessedCheckpoint s = next.state();
        String checkpoint = AnchorLines.checkpoint(next.checkpoint()).toString();
        String cosignature = AnchorLines.cosignature(next.cosignature()).toString();
        if (previousDigestSeq.isEmpty()) {
            return handle.createUpdate(
                                    "INSERT INTO audit_witness_state (witnessed_region, digest_seq, epoch, tree_size, "
                                            + "merkle_root, checkpoint_hash, checkpoint, witness_key_id, witnessed_at_ns, cosignature) "
                                            + "VALUES (:region, :seq, :epoch, :size, :root, :hash, :checkpoint, :keyId, :at, :cosignature)")
                            .bind("region", s.region())
                            .bind("seq", s.digestSeq())
                            .bind("epoch", s.epoch())
                            .bind("size", s.treeSize())
                            .bind("root", s.merkleRoot())
                            .bind("hash", s.checkpointHash())
                            .bind("checkpoint", checkpoint)
                            .bind("keyId", next.cosignature().witnessKeyId())
                            .bind("at", next.cosignature().witnessedAtNanos())
                            .bind("cosignature", cosignature)
                            .execute()
                    == 1;
        }
        return handle.createUpdate(
                                "UPDATE audit_witness_state SET digest_seq = :seq, epoch = :epoch, tree_size = :size, "
                                        + "merkle_root = :root, checkpoint_hash = :hash, checkpoint = :checkpoint, witness_key_id = :keyId, "
                                        + "witnessed_at_ns = :at, cosignature = :cosignature "
                                        + "WHERE witnessed_region = :region AND digest_seq = :previous")
                        .bind("region", s.region())
                        .bind("seq", s.digestSeq())
                        .bind("epoch", s.epoch())
                        .bind("size", s.treeSize())
                        .bind("root", s.merkleRoot())
                        .bind("hash", s.checkpointHash())
                        .bind("checkpoint", checkpoint)
                        .bind("keyId", next.cosignature().witnessKeyId())
                        .bind("at", next.cosignature().witnessedAtNanos())
                        .bind("cosignature", cosignature)
                        .bind("previous", previousDigestSeq.get())
                        .execute()
                == 1;
    }

    private static WitnessRecord record(String checkpointJson, String cosignatureJson) {
        try {
            var checkpoint = AnchorLines.toCheckpoint(JSON.readTree(checkpointJson));
            var cosignature = AnchorLines.toCosignature(JSON.readTree(cosignatureJson));
            return new WitnessRecord(WitnessedCheckpoint.of(checkpoint), checkpoint, cosignature);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored witness state is not JSON", e);
        }
    }
}
