package dev.warden.audit.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frontier of a tree of {@code size} leaves: the roots of the perfect subtrees that cover leaves
 * {@code [0, size)}, one per set bit of {@code size}, largest (leftmost) first. It is all a writer must keep to
 * append leaves, compute the root and prove consistency with its next checkpoint, so it is O(log n) state
 * however long the trail grows.
 *
 * <p>Mutable and not thread-safe: one writer appends; {@link #copy()} gives a checkpoint its own snapshot.
 * {@link #toString()} and {@link #parse(String)} persist it as {@code size:hex,hex,...} so that a writer can
 * resume after a restart.
 */
public final class CompactRange {
    private long size;
    /** Subtree roots left to right; subtree {@code j} spans the {@code j}-th highest set bit of {@code size}. */
    private final ArrayList<byte[]> roots;

    private CompactRange(long size, ArrayList<byte[]> roots) {
        this.size = size;
        this.roots = roots;
    }

    /** The frontier of the empty tree. */
    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /**
     * A frontier from its parts, as a checkpoint stored them.
     *
     * @throws IllegalArgumentException if the size is negative, a root is not a 32-byte hash, or the number of
     *     roots is not the number of set bits of the size (which would give a silently wrong root)
     */
    public static CompactRange of(long size, List<byte[]> roots) {
        if (size < 0) {
            throw new IllegalArgumentException("a compact range cannot have a negative size: " + size);
        }
        if (roots.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a compact range of size " + size + " holds " + Long.bitCount(size)
                    + " subtree hashes (one per set bit of the size), got " + roots.size());
        }
        ArrayList<byte[]> copy = new ArrayList<>(roots.size());
        for (int i = 0; i < roots.size(); i++) {
            copy.add(MerkleHash.requireHash(roots.get(i), "subtree hash " + i).clone());
        }
        return new CompactRange(size, copy);
    }

    /**
     * Reads the {@link #toString()} form {@code size:hex,hex,...} ({@code 0:} for the empty tree).
     *
     * @throws IllegalArgumentException with what is wrong, for any text that is not a valid compact range
     */
    public static CompactRange parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a compact range reads 'size:hex,hex,...', got '" + text + "'");
        }
        long size;
        try {
            size = Long.parseLong(text.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("compact range size is not a number: '" + text + "'", e);
        }
        String hashes = text.substring(colon + 1);
        List<byte[]> roots = new ArrayList<>();
        if (!hashes.isEmpty()) {
            for (String hex : hashes.split(",", -1)) {
                roots.add(MerkleHash.parseHash(hex));
            }
        }
        return of(size, roots);
    }

    /**
     * Appends one leaf hash. Like a binary counter's carry: each trailing set bit of the old size is a subtree
     * of the same height as the carry, so they merge; amortized one node hash per append.
     */
    public void append(byte[] leafHash) {
        byte[] carry = MerkleHash.requireHash(leafHash, "leaf hash").clone();
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the tree is full");
        }
        for (long s = size; (s & 1) == 1; s >>>= 1) {
            carry = MerkleHash.nodeHash(roots.remove(roots.size() - 1), carry);
        }
        roots.add(carry);
        size++;
    }

    /** The number of leaves. */
    public long size() {
        return size;
    }

    /**
     * MTH of the leaves (RFC 9162 section 2.1.1): the subtree roots folded right to left, which is the RFC's
     * split at the largest power of two applied at every level; the empty root for size 0.
     */
    public byte[] root() {
        if (roots.isEmpty()) {
            return MerkleHash.emptyRoot();
        }
        byte[] root = roots.get(roots.size() - 1).clone();
        for (int i = roots.size() - 2; i >= 0; i--) {
            root = MerkleHash.nodeHash(roots.get(i), root);
        }
        return root;
    }

    /** Copies of the subtree roots, largest (leftmost) first. */
    public List<byte[]> roots() {
        List<byte[]> copy = new ArrayList<>(roots.size());
        roots.forEach(root -> copy.add(root.clone()));
        return copy;
    }

    /** An independent snapshot: later appends to either do not affect the other. */
    public CompactRange copy() {
        ArrayList<byte[]> copy = new ArrayList<>(roots.size());
        roots.forEach(root -> copy.add(root.clone()));
        return new CompactRange(size, copy);
    }

    /**
     * The frontier subtree that spans exactly leaves {@code [from, to)}, or null if none does. Proofs from the
     * frontier ask only for these (see {@link ConsistencyProof#fromFrontier}).
     */
    byte[] subtreeRoot(long from, long to) {
        long start = 0;
        int index = 0;
        for (int bit = Long.SIZE - 2; bit >= 0; bit--) {
            long width = 1L << bit;
            if ((size & width) == 0) {
                continue;
            }
            if (start == from && start + width == to) {
                return roots.get(index).clone();
            }
            start += width;
            index++;
        }
        return null;
    }

    /** {@code size:hex,hex,...}, the form {@link #parse(String)} reads. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(size).append(':');
        for (int i = 0; i < roots.size(); i++) {
            text.append(i == 0 ? "" : ",").append(MerkleHash.hex(roots.get(i)));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CompactRange that) || that.size != size) {
            return false;
        }
        for (int i = 0; i < roots.size(); i++) {
            if (!Arrays.equals(roots.get(i), that.roots.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Long.hashCode(size);
        for (byte[] root : roots) {
            hash = 31 * hash + Arrays.hashCode(root);
        }
        return hash;
    }
}
