package dev.warden.audit.witness;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.merkle.ConsistencyProof;
import dev.warden.audit.merkle.MerkleHash;
import java.security.PublicKey;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a witness accepts a submitted checkpoint, given the keys it trusts for the region and the last
 * checkpoint it accepted. The checks run cheapest and least revealing first: nothing about the witness's state is
 * disclosed to a submitter whose checkpoint is not signed by a trusted key.
 */
public final class CheckpointWitness {
    private CheckpointWitness() {}

    /**
     * @param checkpoint    the submitted checkpoint
     * @param signerKey     the public key the submitter says signed it
     * @param proof         consistency proof from the last accepted tree size to {@code checkpoint.toSeq()}
     * @param trustedKeyIds key ids trusted for the region; empty means none yet (the first key is then trusted)
     * @param last          the last accepted checkpoint of the region, if any
     */
    public static WitnessVerdict check(
            AuditDigest checkpoint,
            PublicKey signerKey,
            ConsistencyProof proof,
            Set<String> trustedKeyIds,
            Optional<WitnessedCheckpoint> last) {
        if (checkpoint.merkleRoot() == null || !isHash(checkpoint.merkleRoot())) {
            return refuse(
                    WitnessReason.WITNESS_UNSUPPORTED_VERSION,
                    "only version 2 checkpoints (with a Merkle root) " + "can be witnessed");
        }
        if (signerKey == null || !DigestSigner.keyIdOf(signerKey).equals(checkpoint.keyId())) {
            return refuse(WitnessReason.WITNESS_UNKNOWN_KEY, "the checkpoint's keyId does not name the submitted key");
        }
        if (!trustedKeyIds.isEmpty() && !trustedKeyIds.contains(checkpoint.keyId())) {
            return refuse(
                    WitnessReason.WITNESS_UNKNOWN_KEY,
                    "key " + checkpoint.keyId() + " is not trusted for region " + checkpoint.region());
        }
        if (!DigestSigner.verify(checkpoint, signerKey)) {
            return refuse(WitnessReason.WITNESS_BAD_SIGNATURE, "the signature does not verify with the submitted key");
        }
        boolean newKey = trustedKeyIds.isEmpty();
        if (last.isEmpty()) {
            return extendsTree(checkpoint, proof, 0, MerkleHash.hex(MerkleHash.emptyRoot()))
                    ? new WitnessVerdict.Accepted(WitnessedCheckpoint.of(checkpoint), newKey)
                    : notConsistent(checkpoint, proof, 0);
        }
        return againstLast(checkpoint, proof, last.get(), newKey);
    }

    private static WitnessVerdict againstLast(
            AuditDigest checkpoint, ConsistencyProof proof, WitnessedCheckpoint last, boolean newKey) {
        if (!last.region().equals(checkpoint.region())) {
            throw new IllegalArgumentException(
                    "state of region " + last.region() + " for a checkpoint of " + checkpoint.region());
        }
        if (checkpoint.digestSeq() <= last.digestSeq()) {
            return refuse(
                    WitnessReason.WITNESS_STALE,
                    "checkpoint " + checkpoint.digestSeq() + " is not after the last witnessed checkpoint "
                            + last.digestSeq());
        }
        if (checkpoint.epoch() < last.epoch()) {
            return refuse(
                    WitnessReason.WITNESS_EPOCH_REGRESSED,
                    "epoch " + checkpoint.epoch() + " is before the last witnessed epoch " + last.epoch());
        }
        if (checkpoint.digestSeq() == last.digestSeq() + 1
                && !checkpoint.previousDigestHash().equals(last.checkpointHash())) {
            return refuse(
                    WitnessReason.WITNESS_NOT_CONSISTENT,
                    "checkpoint " + checkpoint.digestSeq() + " does not chain to the witnessed checkpoint "
                            + last.digestSeq());
        }
        if (!extendsTree(checkpoint, proof, last.treeSize(), last.merkleRoot())) {
            return notConsistent(checkpoint, proof, last.treeSize());
        }
        return new WitnessVerdict.Accepted(WitnessedCheckpoint.of(checkpoint), newKey);
    }

    /** True when {@code proof} shows that the checkpoint's tree extends the tree of {@code size} leaves and root. */
    static boolean extendsTree(AuditDigest checkpoint, ConsistencyProof proof, long size, String rootHex) {
        if (proof == null || proof.firstSize() != size || proof.secondSize() != checkpoint.toSeq()) {
            return false;
        }
        return proof.verify(MerkleHash.parseHash(rootHex), MerkleHash.parseHash(checkpoint.merkleRoot()));
    }

    private static WitnessVerdict notConsistent(AuditDigest checkpoint, ConsistencyProof proof, long size) {
        String from = proof == null ? "no proof" : "a proof from size " + proof.firstSize();
        return refuse(
                WitnessReason.WITNESS_NOT_CONSISTENT,
                "the tree of checkpoint " + checkpoint.digestSeq()
                        + " (size " + checkpoint.toSeq() + ") is not proven to extend the witnessed tree of size "
                        + size
                        + " (" + from + ")");
    }

    private static boolean isHash(String hex) {
        try {
            MerkleHash.parseHash(hex);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static WitnessVerdict refuse(WitnessReason reason, String message) {
        return new WitnessVerdict.Refused(reason, message);
    }
}
