package dev.warden.audit;

import dev.warden.audit.proof.ChainHashes;
import dev.warden.audit.proof.EventProof;
import dev.warden.audit.store.AuditStore;
import java.util.List;

/**
 * Builds an event's inclusion proof from a store ({@code warden audit prove}, {@code GET
 * /audit/events/{eventId}/proof}): the event, the newest version 2 checkpoint that covers it, and the audit path
 * over the chain hashes {@code 1..toSeq}, read in one pass into a compact array.
 */
public final class AuditProofs {
    private AuditProofs() {}

    /** There is no event with that id in the region's trail. */
    public static final class UnknownEvent extends RuntimeException {
        UnknownEvent(String message) {
            super(message);
        }
    }

    /**
     * The proof of event {@code eventId}; with {@code consistentWith}, also the consistency proof between its
     * checkpoint and that trusted one.
     *
     * @throws UnknownEvent          when the trail has no such event
     * @throws IllegalStateException when the event cannot be proved (no version 2 checkpoint covers it yet, or
     *                               events it needs were archived)
     */
    public static EventProof prove(AuditStore store, String region, String eventId, AuditDigest consistentWith) {
        ChainedEvent event = store.eventById(region, eventId)
                .orElseThrow(() -> new UnknownEvent("no event " + eventId + " in the audit trail of " + region));
        List<AuditDigest> digests = store.digests(region);
        AuditDigest checkpoint = null;
        for (AuditDigest d : digests) {
            if (d.merkleRoot() != null && d.toSeq() >= event.seq()) {
                checkpoint = d;
            }
        }
        if (checkpoint == null) {
            throw new IllegalStateException("no signed checkpoint with a Merkle root covers seq " + event.seq()
                    + " yet (the next one is due within the checkpoint interval)");
        }
        long size = checkpoint.toSeq();
        if (consistentWith != null) {
            if (consistentWith.merkleRoot() == null || !region.equals(consistentWith.region())) {
                throw new IllegalStateException("the trusted checkpoint has no Merkle root or is of another region");
            }
            size = Math.max(size, consistentWith.toSeq());
            if (consistentWith.toSeq() > store.head(region).lastSeq()) {
                throw new IllegalStateException("the trusted checkpoint covers seq " + consistentWith.toSeq()
                        + ", beyond the end of the trail");
            }
        }
        if (store.firstSeq(region).orElse(1L) > 1) {
            throw new IllegalStateException(
                    "events before seq " + store.firstSeq(region).orElseThrow()
                            + " were archived: the tree cannot be rebuilt from this store");
        }
        String previous = event.seq() == 1
                ? HashChain.GENESIS
                : store.hashAt(region, event.seq() - 1)
                        .orElseThrow(
                                () -> new IllegalStateException("the event before seq " + event.seq() + " is missing"));
        ChainHashes hashes = new ChainHashes(size);
        store.forEachHash(region, 1, size, (hash, seq) -> {
            if (seq != hashes.size() + 1) {
                throw new IllegalStateException("the trail has a gap before seq " + seq);
            }
            hashes.add(hash);
        });
        if (hashes.size() != size) {
            throw new IllegalStateException("the trail ends at seq " + hashes.size() + ", before seq " + size);
        }
        EventProof proof = EventProof.create(event, previous, hashes, checkpoint);
        return consistentWith == null ? proof : proof.withConsistency(hashes, consistentWith);
    }
}
