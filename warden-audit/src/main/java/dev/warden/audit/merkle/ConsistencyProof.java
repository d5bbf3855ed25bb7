package dev.warden.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Proof that the tree of {@code secondSize} leaves extends the tree of {@code firstSize} leaves, i.e. that
 * nothing before {@code firstSize} was changed or removed (RFC 9162 section 2.1.4). A witness that holds two
 * signed checkpoints checks it with O(log n) hashes. The path is lower-case hex, as in {@link InclusionProof}.
 *
 * <p>The constructor checks nothing but nulls; {@link #verify} answers false for every malformed proof.
 */
public record ConsistencyProof(long firstSize, long secondSize, List<String> path) {

    public ConsistencyProof {
        path = List.copyOf(Objects.requireNonNull(path, "path"));
    }

    /**
     * PROOF(m, D[n]) of RFC 9162 section 2.1.4.1, from all the leaves. The path is empty when
     * {@code firstSize} is 0 or equals {@code secondSize}: those trees are consistent by definition.
     *
     * @throws IllegalArgumentException unless {@code 0 <= firstSize <= secondSize}
     */
    public static ConsistencyProof create(LeafSource leaves, long firstSize, long secondSize) {
        return generate(leaves::rangeRoot, firstSize, secondSize);
    }

    /**
     * The same proof as {@link #create} for the first tree's frontier and the leaves appended since, without
     * the older leaves. This works because SUBPROOF only asks for subtrees that lie wholly before
     * {@code firstSize}, which are then exactly frontier subtrees, or wholly after it.
     *
     * @param first the frontier at the first checkpoint (not modified)
     * @param appended the leaf hashes of {@code [first.size(), first.size() + appended.size())}
     */
    public static ConsistencyProof fromFrontier(CompactRange first, List<byte[]> appended) {
        long m = first.size();
        for (int i = 0; i < appended.size(); i++) {
            MerkleHash.requireHash(appended.get(i), "appended leaf hash " + i);
        }
        LeafSource newLeaves = LeafSource.of(appended);
        RangeRoots roots = (from, to) -> {
            if (from >= m) {
                return newLeaves.rangeRoot(from - m, to - m);
            }
            byte[] subtree = first.subtreeRoot(from, to);
            if (subtree == null) {
                throw new IllegalStateException("[" + from + ", " + to + ") is no frontier subtree of size " + m);
            }
            return subtree;
        };
        return generate(roots, m, m + appended.size());
    }

    /** Where proof generation gets MTH(D[from:to]): all the leaves, or a frontier plus the new leaves. */
    @FunctionalInterface
    private interface RangeRoots {
        byte[] root(long from, long to);
    }

    private static ConsistencyProof generate(RangeRoots roots, long m, long n) {
        if (m < 0 || m > n) {
            throw new IllegalArgumentException("no consistency proof from size " + m + " to size " + n);
        }
        List<String> path = new ArrayList<>();
        if (m > 0 && m < n) {
            addSubproof(roots, m, 0, n, true, path);
        }
        return new ConsistencyProof(m, n, path);
    }

    /**
     * SUBPROOF(m, D[from:to], b) with m relative to {@code from}. {@code complete} is the RFC's b: true while
     * the subtree of the first m leaves is a subtree the verifier already has as its old root, so it need not
     * be sent.
     */
    private static void addSubproof(RangeRoots roots, long m, long from, long to, boolean complete, List<String> path) {
        long n = to - from;
        if (m == n) {
            if (!complete) {
                path.add(MerkleHash.hex(roots.root(from, to)));
            }
            return;
        }
        long k = MerkleHash.split(n);
        if (m <= k) {
            addSubproof(roots, m, from, from + k, complete, path);
            path.add(MerkleHash.hex(roots.root(from + k, to)));
        } else {
            addSubproof(roots, m - k, from + k, to, false, path);
            path.add(MerkleHash.hex(roots.root(from, from + k)));
        }
    }

    /**
     * RFC 9162 section 2.1.4.2: true only if this proof shows that {@code secondRoot} (of {@code secondSize}
     * leaves) extends {@code firstRoot} (of {@code firstSize} leaves). Stricter than the RFC at the edges: the
     * root of size 0 must be the empty root, and equal sizes need equal roots and an empty path.
     */
    public boolean verify(byte[] firstRoot, byte[] secondRoot) {
        List<byte[]> hashes = MerkleHash.parsePathOrNull(path);
        if (hashes == null
                || !MerkleHash.isHash(firstRoot)
                || !MerkleHash.isHash(secondRoot)
                || firstSize < 0
                || firstSize > secondSize) {
            return false;
        }
        if (firstSize == 0) {
            return hashes.isEmpty()
                    && MessageDigest.isEqual(firstRoot, MerkleHash.emptyRoot())
                    && (secondSize > 0 || MessageDigest.isEqual(secondRoot, firstRoot));
        }
        if (firstSize == secondSize) {
            return hashes.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        return !hashes.isEmpty() && verifyPath(hashes, firstRoot, secondRoot);
    }

    /** Steps 2 to 7 of section 2.1.4.2: rebuild both roots at once from the path. */
    private boolean verifyPath(List<byte[]> hashes, byte[] firstRoot, byte[] secondRoot) {
        List<byte[]> p = new ArrayList<>(hashes);
        if (Long.bitCount(firstSize) == 1) {
            // The old tree is one perfect subtree, left out of the path because the verifier has it.
            p.add(0, firstRoot);
        }
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = p.get(0);
        byte[] sr = p.get(0);
        for (byte[] c : p.subList(1, p.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.nodeHash(c, fr);
                sr = MerkleHash.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = MerkleHash.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }
}
