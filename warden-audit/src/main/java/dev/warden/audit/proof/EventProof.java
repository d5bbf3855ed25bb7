package dev.warden.audit.proof;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.merkle.ConsistencyProof;
import dev.warden.audit.merkle.InclusionProof;
import dev.warden.audit.merkle.LeafSource;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to show, offline, that one event is in a region's signed trail: the event with its chain
 * hash, the chain hash before it, the RFC 9162 audit path of leaf {@code seq - 1} in the tree of
 * {@code checkpoint.toSeq()} leaves, and the signed checkpoint whose Merkle root that path must reach.
 *
 * @param event        the event at its place in the chain ({@code hash} is its chain hash)
 * @param previousHash the chain hash of event {@code seq - 1} ({@link dev.warden.audit.HashChain#GENESIS} for seq 1)
 * @param inclusion    leaf index, tree size and audit path (hex, from the leaf up)
 * @param checkpoint   a version 2 checkpoint covering the event, with its signature
 * @param consistency  a proof that the trees of the checkpoint and of a checkpoint the verifier trusts are one
 *                     append-only history, or {@code null}
 */
public record EventProof(
        ChainedEvent event,
        String previousHash,
        InclusionProof inclusion,
        AuditDigest checkpoint,
        ConsistencyProof consistency) {

    public EventProof {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(inclusion, "inclusion");
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /**
     * Builds the proof of {@code event} in the tree of {@code checkpoint}.
     *
     * @param leaves the trail's leaves, at least {@code checkpoint.toSeq()} of them
     * @throws IllegalArgumentException when the checkpoint has no Merkle root or does not cover the event
     */
    public static EventProof create(
            ChainedEvent event, String previousHash, LeafSource leaves, AuditDigest checkpoint) {
        if (checkpoint.merkleRoot() == null) {
            throw new IllegalArgumentException(
                    "checkpoint " + checkpoint.digestSeq() + " has no Merkle root (version 1)");
        }
        if (event.seq() < 1 || event.seq() > checkpoint.toSeq()) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.digestSeq() + " covers events up to seq "
                    + checkpoint.toSeq() + ", not seq " + event.seq());
        }
        return new EventProof(
                event,
                previousHash,
                InclusionProof.create(leaves, event.seq() - 1, checkpoint.toSeq()),
                checkpoint,
                null);
    }

    /** The consistency proof between this proof's checkpoint and {@code trusted}, built over the same leaves. */
    public EventProof withConsistency(LeafSource leaves, AuditDigest trusted) {
        long a = Math.min(trusted.toSeq(), checkpoint.toSeq());
        long b = Math.max(trusted.toSeq(), checkpoint.toSeq());
        return new EventProof(event, previousHash, inclusion, checkpoint, ConsistencyProof.create(leaves, a, b));
    }

    public long seq() {
        return event.seq();
    }

    public List<String> auditPath() {
        return inclusion.path();
    }
}
