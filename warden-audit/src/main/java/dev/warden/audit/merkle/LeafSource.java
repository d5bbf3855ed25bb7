package dev.warden.audit.merkle;

import java.util.List;

/**
 * Random access to the leaf hashes of a tree, which is what proof generation over the whole tree needs (a
 * writer that keeps only its frontier uses {@link ConsistencyProof#fromFrontier} instead).
 */
@FunctionalInterface
public interface LeafSource {

    /** The leaf hash (already {@link MerkleHash#leafHash}ed) at a zero-based index. */
    byte[] leafHash(long index);

    /** Leaves held in memory; the list is copied (its arrays are not, and must not change afterwards). */
    static LeafSource of(List<byte[]> leafHashes) {
        List<byte[]> leaves = List.copyOf(leafHashes);
        return index -> {
            if (index < 0 || index >= leaves.size()) {
                throw new IndexOutOfBoundsException("leaf " + index + " of " + leaves.size());
            }
            return leaves.get((int) index);
        };
    }

    /**
     * MTH(D[from:to]) by RFC 9162 section 2.1.1's recursive definition: split at the largest power of two
     * below the size. O(to - from) hashes; the reference path for proofs, not for hot loops.
     */
    default byte[] rangeRoot(long from, long to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("not a leaf range: [" + from + ", " + to + ")");
        }
        long n = to - from;
        if (n == 0) {
            return MerkleHash.emptyRoot();
        }
        if (n == 1) {
            return MerkleHash.requireHash(leafHash(from), "leaf hash " + from).clone();
        }
        long k = MerkleHash.split(n);
        return MerkleHash.nodeHash(rangeRoot(from, from + k), rangeRoot(from + k, to));
    }
}
