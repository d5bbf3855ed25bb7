package dev.warden.audit;

import dev.warden.audit.merkle.CompactRange;
import dev.warden.audit.merkle.MerkleHash;

/**
 * The writer's view of the RFC 9162 Merkle tree over the chain: leaf {@code seq - 1} is the chain hash of event
 * {@code seq}. Only the frontier is kept (O(log n) hashes), enough to sign each checkpoint's root and to resume
 * after a restart from the frontier stored with the last checkpoint.
 */
final class TreeHead {
    private final CompactRange range;

    private TreeHead(CompactRange range) {
        this.range = range;
    }

    static TreeHead empty() {
        return new TreeHead(CompactRange.empty());
    }

    /** The tree stored with a checkpoint; {@code null} for a checkpoint written before Merkle roots. */
    static TreeHead decode(String encoded) {
        return encoded == null ? null : new TreeHead(CompactRange.parse(encoded));
    }

    void append(String chainHashHex) {
        range.append(MerkleHash.leafHash(HashChain.parse(chainHashHex)));
    }

    long size() {
        return range.size();
    }

    String rootHex() {
        return HashChain.hex(range.root());
    }

    String encode() {
        return range.toString();
    }

    TreeHead copy() {
        return new TreeHead(range.copy());
    }
}
