package dev.warden.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Known answers that Warden did not compute: the RFC 6962 reference test data as published by the
 * transparency-dev project, github.com/transparency-dev/merkle, files {@code testonly/constants.go}
 * (LeafInputs, RootHashes, CompactTrees) and {@code proof/verify_test.go} (inclusionProofs, consistencyProofs;
 * there the leaf numbers are 1-based, here they are the 0-based indices). RFC 9162 keeps RFC 6962's hashing,
 * so the same vectors hold.
 */
class Rfc6962VectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static final List<byte[]> LEAF_INPUTS = List.of(
            hex(""),
            hex("00"),
            hex("10"),
            hex("2021"),
            hex("3031"),
            hex("40414243"),
            hex("5051525354555657"),
            hex("606162636465666768696a6b6c6d6e6f"));

    /** Roots of the trees of sizes 0 to 8. */
    private static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    // Node hashes of testonly/constants.go NodeHashes(), named level_index.
    private static final String N0_0 = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
    private static final String N0_1 = "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7";
    private static final String N0_2 = "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7";
    private static final String N0_4 = "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b";
    private static final String N0_6 = "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f";
    private static final String N1_0 = "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125";
    private static final String N1_1 = "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e";
    private static final String N1_2 = "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a";
    private static final String N1_3 = "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0";
    private static final String N2_0 = "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7";
    private static final String N2_1 = "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4";
    private static final String N3_0 = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";

    /** CompactTrees(): the frontier of every size 0 to 8. */
    private static final List<List<String>> FRONTIERS = List.of(
            List.of(),
            List.of(N0_0),
            List.of(N1_0),
            List.of(N1_0, N0_2),
            List.of(N2_0),
            List.of(N2_0, N0_4),
            List.of(N2_0, N1_2),
            List.of(N2_0, N1_2, N0_6),
            List.of(N3_0));

    private static final List<InclusionProof> INCLUSION = List.of(
            new InclusionProof(0, 8, List.of(N0_1, N1_1, N2_1)),
            new InclusionProof(5, 8, List.of(N0_4, N1_3, N2_0)),
            new InclusionProof(2, 3, List.of(N1_0)),
            new InclusionProof(1, 5, List.of(N0_0, N1_1, N0_4)),
            new InclusionProof(0, 1, List.of()));

    private static final List<ConsistencyProof> CONSISTENCY = List.of(
            new ConsistencyProof(1, 1, List.of()),
            new ConsistencyProof(1, 8, List.of(N0_1, N1_1, N2_1)),
            new ConsistencyProof(6, 8, List.of(N1_2, N1_3, N2_0)),
            new ConsistencyProof(2, 5, List.of(N1_1, N0_4)),
            new ConsistencyProof(6, 7, List.of(N1_2, N0_6, N2_0)));

    @Test
    void emptyRootIsSha256OfNothing() {
        assertThat(MerkleHash.hex(MerkleHash.emptyRoot())).isEqualTo(ROOTS.get(0));
        assertThat(MerkleHash.hex(CompactRange.empty().root())).isEqualTo(ROOTS.get(0));
    }

    @Test
    void rootsAndFrontiersOfEverySize() {
        CompactRange range = CompactRange.empty();
        LeafSource leaves = LeafSource.of(leafHashes());
        for (int size = 0; size <= 8; size++) {
            assertThat(MerkleHash.hex(range.root())).as("root of size %d", size).isEqualTo(ROOTS.get(size));
            assertThat(MerkleHash.hex(leaves.rangeRoot(0, size))).isEqualTo(ROOTS.get(size));
            assertThat(range.roots().stream().map(MerkleHash::hex))
                    .as("frontier of size %d", size)
                    .containsExactlyElementsOf(FRONTIERS.get(size));
            if (size < 8) {
                range.append(MerkleHash.leafHash(LEAF_INPUTS.get(size)));
            }
        }
    }

    @Test
    void inclusionProofsAreReproducedAndVerify() {
        LeafSource leaves = LeafSource.of(leafHashes());
        for (InclusionProof expected : INCLUSION) {
            InclusionProof proof = InclusionProof.create(leaves, expected.leafIndex(), expected.treeSize());
            assertThat(proof).isEqualTo(expected);
            byte[] leaf = leafHashes().get((int) expected.leafIndex());
            assertThat(proof.verify(leaf, root(expected.treeSize()))).isTrue();
        }
    }

    /** The corruptions of verify_test.go's corruptInclusionProof, each of which must fail. */
    @Test
    void corruptedInclusionProofsFail() {
        for (InclusionProof good : INCLUSION.subList(0, 4)) {
            long i = good.leafIndex();
            long n = good.treeSize();
            byte[] leaf = leafHashes().get((int) i);
            byte[] root = root(n);
            List<InclusionProof> bad = new ArrayList<>(List.of(
                    new InclusionProof(i - 1, n, good.path()),
                    new InclusionProof(i + 1, n, good.path()),
                    new InclusionProof(i ^ 2, n, good.path()),
                    new InclusionProof(i, n * 2, good.path()),
                    new InclusionProof(i, n / 2, good.path()),
                    new InclusionProof(i, n, plus(good.path(), ROOTS.get((int) n))),
                    new InclusionProof(i, n, plus(List.of(ROOTS.get((int) n)), good.path())),
                    new InclusionProof(i, n, plus(good.path(), "")),
                    new InclusionProof(i, n, good.path().subList(0, good.path().size() - 1))));
            for (int e = 0; e < good.path().size(); e++) {
                bad.add(new InclusionProof(i, n, withFlippedBit(good.path(), e)));
            }
            bad.forEach(proof ->
                    assertThat(proof.verify(leaf, root)).as("%s", proof).isFalse());
            assertThat(good.verify(MerkleHash.leafHash("WrongLeaf".getBytes()), root))
                    .isFalse();
            assertThat(good.verify(leaf, MerkleHash.emptyRoot())).isFalse();
            assertThat(good.verify(leaf, "WrongRoot".getBytes())).isFalse();
        }
    }

    @Test
    void consistencyProofsAreReproducedFromLeavesAndFromTheFrontier() {
        LeafSource leaves = LeafSource.of(leafHashes());
        for (ConsistencyProof expected : CONSISTENCY) {
            int m = (int) expected.firstSize();
            int n = (int) expected.secondSize();
            assertThat(ConsistencyProof.create(leaves, m, n)).isEqualTo(expected);
            CompactRange frontier = CompactRange.empty();
            leafHashes().subList(0, m).forEach(frontier::append);
            assertThat(ConsistencyProof.fromFrontier(frontier, leafHashes().subList(m, n)))
                    .isEqualTo(expected);
            assertThat(expected.verify(root(m), root(n))).isTrue();
        }
    }

    /** The corruptions of verify_test.go's corruptConsistencyProof, each of which must fail. */
    @Test
    void corruptedConsistencyProofsFail() {
        for (ConsistencyProof good : CONSISTENCY.subList(1, CONSISTENCY.size())) {
            long m = good.firstSize();
            long n = good.secondSize();
            byte[] r1 = root(m);
            byte[] r2 = root(n);
            List<String> p = good.path();
            List<ConsistencyProof> bad = new ArrayList<>(List.of(
                    new ConsistencyProof(m - 1, n, p),
                    new ConsistencyProof(m + 1, n, p),
                    new ConsistencyProof(m ^ 2, n, p),
                    new ConsistencyProof(m, n * 2, p),
                    new ConsistencyProof(m, n / 2, p),
                    new ConsistencyProof(m, n, List.of()),
                    new ConsistencyProof(m, n, plus(p, "")),
                    new ConsistencyProof(m, n, plus(p, MerkleHash.hex(r1))),
                    new ConsistencyProof(m, n, plus(p, MerkleHash.hex(r2))),
                    new ConsistencyProof(m, n, plus(List.of(MerkleHash.hex(r1)), p)),
                    new ConsistencyProof(m, n, plus(List.of(MerkleHash.hex(r2)), p)),
                    new ConsistencyProof(m, n, plus(List.of(p.get(0)), p)),
                    new ConsistencyProof(m, n, p.subList(0, p.size() - 1))));
            for (int e = 0; e < p.size(); e++) {
                bad.add(new ConsistencyProof(m, n, withFlippedBit(p, e)));
            }
            bad.forEach(
                    proof -> assertThat(proof.verify(r1, r2)).as("%s", proof).isFalse());
            assertThat(good.verify("WrongRoot".getBytes(), r2)).isFalse();
            assertThat(good.verify(r1, "WrongRoot".getBytes())).isFalse();
            assertThat(good.verify(r2, r1)).isFalse();
        }
    }

    @Test
    void inclusionOfTheOnlyLeafHasAnEmptyPathAndItsHashIsTheRoot() {
        byte[] hash = MerkleHash.leafHash("data".getBytes());
        InclusionProof proof = new InclusionProof(0, 1, List.of());
        assertThat(proof.rootFromLeaf(hash)).map(MerkleHash::hex).isEqualTo(Optional.of(MerkleHash.hex(hash)));
        assertThat(proof.verify(hash, new byte[0])).isFalse();
        assertThat(proof.verify(new byte[0], hash)).isFalse();
        for (long[] probe : new long[][] {{0, 0}, {1, 0}, {2, 1}}) {
            assertThat(new InclusionProof(probe[0], probe[1], List.of()).verify(hash, MerkleHash.emptyRoot()))
                    .isFalse();
        }
    }

    private static List<byte[]> leafHashes() {
        return LEAF_INPUTS.stream().map(MerkleHash::leafHash).toList();
    }

    private static byte[] root(long size) {
        return hex(ROOTS.get((int) size));
    }

    private static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }

    private static List<String> plus(List<String> first, String... more) {
        return plus(first, List.of(more));
    }

    private static List<String> plus(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static List<String> withFlippedBit(List<String> path, int element) {
        List<String> copy = new ArrayList<>(path);
        copy.set(element, MerkleHash.hex(NaiveMerkle.flipBit(MerkleHash.parseHash(path.get(element)), 4)));
        return copy;
    }
}
