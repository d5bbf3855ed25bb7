package dev.warden.audit;

import dev.warden.audit.store.AuditStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a region's chain as the writer thread knows it: the last event's seq and hash, the last checkpoint, and
 * the Merkle tree over events {@code 1..lastSeq}. Owned by the writer thread (and by {@link AuditLog#start} before
 * the thread runs); only {@link #lastDigest} is read from other threads.
 */
final class ChainHead {
    private final AuditStore store;
    private final String region;
    private final HashChain chain = new HashChain();
    private long lastSeq;
    private String lastHash;
    private volatile AuditDigest lastDigest;
    private TreeHead tree;

    ChainHead(AuditStore store, String region) {
        this.store = store;
        this.region = region;
    }

    /** Loads the head from the store: what is really there. */
    void load() {
        AuditStore.Head head = store.head(region);
        lastSeq = head.lastSeq();
        lastHash = head.lastHash();
        lastDigest = head.lastDigest().orElse(null);
        tree = treeAt(lastSeq);
    }

    /** Goes back to {@code accountedUpTo}: what the start check found after it is set aside. */
    void setAsideAfter(long accountedUpTo) {
        lastSeq = accountedUpTo;
        lastHash =
                lastSeq == 0 ? HashChain.GENESIS : store.hashAt(region, lastSeq).orElseThrow();
        tree = treeAt(lastSeq);
    }

    /**
     * A batch linked to the head: its chained events, the new head and tree, whether it must be checkpointed, whether
     * a caller waits for it, and the key switch it carries.
     */
    record Linked(
            List<ChainedEvent> events,
            long seq,
            String hash,
            TreeHead tree,
            boolean forceDigest,
            boolean durable,
            Pending.Rotation rotation) {}

    /**
     * Links each event of {@code batch} to the previous one, without moving the head (that waits for the commit). A
     * marker in the batch forces a checkpoint, as does {@code forceDigest}.
     */
    Linked link(List<Pending> batch, boolean forceDigest) {
        List<ChainedEvent> chained = new ArrayList<>(batch.size());
        boolean force = forceDigest;
        boolean durable = false;
        long seq = lastSeq;
        String hash = lastHash;
        TreeHead nextTree = tree == null ? null : tree.copy();
        Pending.Rotation rotation = null;
        for (Pending p : batch) {
            if (p.event() == null) {
                force = true;
                rotation = p.rotation() != null ? p.rotation() : rotation;
                continue;
            }
            durable |= p.done() != null;
            seq++;
            hash = chain.link(hash, p.event());
            chained.add(new ChainedEvent(seq, p.event(), hash));
            if (nextTree != null) {
                nextTree.append(hash);
            }
        }
        return new Linked(chained, seq, hash, nextTree, force, durable, rotation);
    }

    /** After a commit: the new head, and the checkpoint it signed if any. */
    void advance(long seq, String hash, TreeHead nextTree, AuditDigest digest) {
        lastSeq = seq;
        lastHash = hash;
        tree = nextTree;
        if (digest != null) {
            lastDigest = digest;
        }
    }

    long lastSeq() {
        return lastSeq;
    }

    String lastHash() {
        return lastHash;
    }

    AuditDigest lastDigest() {
        return lastDigest;
    }

    long signedUpTo() {
        AuditDigest d = lastDigest;
        return d == null ? 0 : d.toSeq();
    }

    /** The current chain epoch. */
    long epoch() {
        AuditDigest d = lastDigest;
        return d == null ? 0 : d.epoch();
    }

    /**
     * The Merkle tree over events {@code 1..seq}: the frontier stored with the last checkpoint, extended by the stored
     * chain hashes after it. Built from the first event when no checkpoint holds a frontier (an older trail).
     */
    private TreeHead treeAt(long seq) {
        long from = 0;
        TreeHead t = TreeHead.empty();
        if (lastDigest != null && lastDigest.toSeq() <= seq) {
            TreeHead stored = TreeHead.decode(
                    store.treeFrontier(region, lastDigest.digestSeq()).orElse(null));
            if (stored != null && stored.size() == lastDigest.toSeq()) {
                t = stored;
                from = lastDigest.toSeq();
            }
        }
        if (from < seq && store.firstSeq(region).orElse(1L) > from + 1) {
            // Archived events are gone; a trail archived before frontiers were stored cannot have Merkle roots.
            return null;
        }
        TreeHead result = t;
        store.forEach(region, from + 1, seq, events -> events.forEachRemaining(e -> result.append(e.hash())));
        return result.size() == seq ? result : null;
    }
}
