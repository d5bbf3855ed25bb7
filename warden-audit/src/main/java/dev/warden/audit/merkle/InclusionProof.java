package dev.warden.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Proof that the leaf at {@code leafIndex} is in the tree of {@code treeSize} leaves (RFC 9162 section 2.1.3):
 * the sibling hashes from the leaf up to the root, as lower-case hex so that the record has value equality and
 * travels as text.
 *
 * <p>The constructor checks nothing but nulls: a proof may come from anyone, and {@link #verify} answers false
 * for every malformed one instead of throwing.
 */
public record InclusionProof(long leafIndex, long treeSize, List<String> path) {

    public InclusionProof {
        path = List.copyOf(Objects.requireNonNull(path, "path"));
    }

    /**
     * PATH(m, D[n]) of RFC 9162 section 2.1.3.1.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < size} (the empty tree includes nothing)
     */
    public static InclusionProof create(LeafSource leaves, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("no inclusion proof for leaf " + index + " in a tree of " + size);
        }
        List<String> path = new ArrayList<>();
        addPath(leaves, index, 0, size, path);
        return new InclusionProof(index, size, path);
    }

    /**
     * PATH(m, D[from:to]) with m relative to {@code from}. The recursion adds the deeper siblings first, so the
     * path runs from the leaf to the root as the RFC's output does.
     */
    private static void addPath(LeafSource leaves, long m, long from, long to, List<String> path) {
        long n = to - from;
        if (n == 1) {
            return;
        }
        long k = MerkleHash.split(n);
        if (m < k) {
            addPath(leaves, m, from, from + k, path);
            path.add(MerkleHash.hex(leaves.rangeRoot(from + k, to)));
        } else {
            addPath(leaves, m - k, from + k, to, path);
            path.add(MerkleHash.hex(leaves.rangeRoot(from, from + k)));
        }
    }

    /**
     * The root that this proof gives the leaf hash, by RFC 9162 section 2.1.3.2; empty if the proof is malformed
     * for its index and size (index out of range, a path element that is not a hash, a path too short or too
     * long).
     */
    public Optional<byte[]> rootFromLeaf(byte[] leafHash) {
        List<byte[]> hashes = MerkleHash.parsePathOrNull(path);
        if (hashes == null || !MerkleHash.isHash(leafHash) || leafIndex < 0 || leafIndex >= treeSize) {
            return Optional.empty();
        }
        // fn walks the leaf's position and sn the last leaf's position up the tree; where they meet, the right
        // edge of the tree has no sibling at that level, so those levels are skipped.
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : hashes) {
            if (sn == 0) {
                return Optional.empty();
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = MerkleHash.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 ? Optional.of(r) : Optional.empty();
    }

    /** True only if this proof takes the leaf hash to exactly this root; false (never an exception) otherwise. */
    public boolean verify(byte[] leafHash, byte[] root) {
        return MerkleHash.isHash(root)
                && rootFromLeaf(leafHash)
                        .map(computed -> MessageDigest.isEqual(computed, root))
                        .orElse(false);
    }
}
