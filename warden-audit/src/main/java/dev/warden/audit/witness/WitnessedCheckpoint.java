package dev.warden.audit.witness;

import dev.warden.audit.AuditDigest;
import java.util.Objects;

/**
 * What a witness remembers of the last checkpoint it accepted for a region: enough to check the next one.
 *
 * @param treeSize       the checkpoint's {@code toSeq}, the size of its Merkle tree
 * @param checkpointHash {@link AuditDigest#hash()}, which the next digest in the chain names as its previous one
 */
public record WitnessedCheckpoint(
        String region, long digestSeq, long epoch, long treeSize, String merkleRoot, String checkpointHash) {
    public WitnessedCheckpoint {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        Objects.requireNonNull(checkpointHash, "checkpointHash");
    }

    /** The state after accepting {@code checkpoint} (a version 2 checkpoint). */
    public static WitnessedCheckpoint of(AuditDigest checkpoint) {
        return new WitnessedCheckpoint(
                checkpoint.region(),
                checkpoint.digestSeq(),
                checkpoint.epoch(),
                checkpoint.toSeq(),
                checkpoint.merkleRoot(),
                checkpoint.hash());
    }
}
