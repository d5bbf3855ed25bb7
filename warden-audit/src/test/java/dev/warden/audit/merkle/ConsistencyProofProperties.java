package dev.warden.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every consistency proof verifies against the naive roots, no tampered one does, and the frontier agrees. */
class ConsistencyProofProperties {

    @Property(tries = 300)
    void everyPrefixIsProvenConsistent(
            @ForAll @IntRange(min = 1, max = 300) int second, @ForAll int pick, @ForAll long seed) {
        int first = 1 + Math.floorMod(pick, second);
        List<byte[]> inputs = NaiveMerkle.leafInputs(seed, second);
        List<byte[]> hashes = NaiveMerkle.leafHashes(inputs);

        ConsistencyProof proof = ConsistencyProof.create(LeafSource.of(hashes), first, second);
        CompactRange frontier = CompactRange.empty();
        hashes.subList(0, first).forEach(frontier::append);
        ConsistencyProof fromFrontier = ConsistencyProof.fromFrontier(frontier, hashes.subList(first, second));

        assertThat(fromFrontier).isEqualTo(proof);
        assertThat(frontier.size()).as("the frontier is not changed").isEqualTo(first);
        assertThat(proof.path().isEmpty()).isEqualTo(first == second);
        assertThat(proof.verify(NaiveMerkle.mth(inputs.subList(0, first)), NaiveMerkle.mth(inputs)))
                .isTrue();
    }

    @Property(tries = 300)
    void aTamperedProofFails(@ForAll @IntRange(min = 1, max = 300) int second, @ForAll int pick, @ForAll long seed) {
        int first = 1 + Math.floorMod(pick, second);
        List<byte[]> inputs = NaiveMerkle.leafInputs(seed, second + 1);
        byte[] r1 = NaiveMerkle.mth(inputs.subList(0, first));
        byte[] r2 = NaiveMerkle.mth(inputs.subList(0, second));
        List<String> path = ConsistencyProof.create(LeafSource.of(NaiveMerkle.leafHashes(inputs)), first, second)
                .path();

        for (int e = 0; e < path.size(); e++) {
            List<String> flipped = new ArrayList<>(path);
            flipped.set(e, MerkleHash.hex(NaiveMerkle.flipBit(MerkleHash.parseHash(path.get(e)), pick & 255)));
            assertThat(new ConsistencyProof(first, second, flipped).verify(r1, r2))
                    .as("flip %d", e)
                    .isFalse();
        }
        if (!path.isEmpty()) {
            assertThat(new ConsistencyProof(first, second, path.subList(0, path.size() - 1)).verify(r1, r2))
                    .as("truncated")
                    .isFalse();
            assertThat(new ConsistencyProof(first, second, path).verify(r2, r1))
                    .as("swapped roots")
                    .isFalse();
        }
        List<String> longer = new ArrayList<>(path);
        longer.add(MerkleHash.hex(r2));
        assertThat(new ConsistencyProof(first, second, longer).verify(r1, r2))
                .as("extended")
                .isFalse();
        assertThat(new ConsistencyProof(first, second, path).verify(NaiveMerkle.flipBit(r1, pick & 255), r2))
                .as("wrong first root")
                .isFalse();
        assertThat(new ConsistencyProof(first, second, path).verify(r1, NaiveMerkle.flipBit(r2, pick & 255)))
                .as("wrong second root")
                .isFalse();
        assertWrongSizesFail(inputs, first, second, path);
    }

    /** A checkpoint binds a size to its root: each wrong size is checked against that size's real root. */
    private static void assertWrongSizesFail(List<byte[]> inputs, int first, int second, List<String> path) {
        for (int wrong : new int[] {first - 1, first + 1}) {
            if (wrong > 0 && wrong <= second && wrong != first) {
                byte[] wrongRoot = NaiveMerkle.mth(inputs.subList(0, wrong));
                assertThat(new ConsistencyProof(wrong, second, path)
                                .verify(wrongRoot, NaiveMerkle.mth(inputs.subList(0, second))))
                        .as("first size %d", wrong)
                        .isFalse();
            }
        }
        for (int wrong : new int[] {second - 1, second + 1}) {
            if (wrong >= first && wrong != second) {
                byte[] wrongRoot = NaiveMerkle.mth(inputs.subList(0, wrong));
                assertThat(new ConsistencyProof(first, wrong, path)
                                .verify(NaiveMerkle.mth(inputs.subList(0, first)), wrongRoot))
                        .as("second size %d", wrong)
                        .isFalse();
            }
        }
    }

    @Property(tries = 50)
    void theEmptyTreeIsConsistentWithEveryTree(@ForAll @IntRange(min = 0, max = 40) int second, @ForAll long seed) {
        List<byte[]> inputs = NaiveMerkle.leafInputs(seed, second);
        ConsistencyProof proof = ConsistencyProof.create(LeafSource.of(NaiveMerkle.leafHashes(inputs)), 0, second);

        assertThat(proof.path()).isEmpty();
        assertThat(ConsistencyProof.fromFrontier(CompactRange.empty(), NaiveMerkle.leafHashes(inputs)))
                .isEqualTo(proof);
        assertThat(proof.verify(MerkleHash.emptyRoot(), NaiveMerkle.mth(inputs)))
                .isTrue();
        byte[] notEmpty = MerkleHash.leafHash(new byte[0]);
        assertThat(proof.verify(notEmpty, NaiveMerkle.mth(inputs)))
                .as("size 0 has the empty root only")
                .isFalse();
    }

    @Example
    void malformedProofsAreFalseNotExceptions() {
        byte[] a = MerkleHash.leafHash(new byte[] {1});
        byte[] b = MerkleHash.leafHash(new byte[] {2});
        byte[] ab = MerkleHash.nodeHash(a, b);
        assertThat(new ConsistencyProof(1, 2, List.of(MerkleHash.hex(b))).verify(a, ab))
                .isTrue();
        assertThat(new ConsistencyProof(1, 2, List.of("xyz")).verify(a, ab)).isFalse();
        assertThat(new ConsistencyProof(1, 2, List.of(MerkleHash.hex(b))).verify(null, ab))
                .isFalse();
        assertThat(new ConsistencyProof(1, 2, List.of(MerkleHash.hex(b))).verify(a, new byte[3]))
                .isFalse();
        assertThat(new ConsistencyProof(2, 1, List.of(MerkleHash.hex(b))).verify(a, ab))
                .isFalse();
        assertThat(new ConsistencyProof(-1, 2, List.of()).verify(a, ab)).isFalse();
        assertThat(new ConsistencyProof(1, Long.MAX_VALUE, List.of(MerkleHash.hex(b))).verify(a, ab))
                .isFalse();
        assertThat(new ConsistencyProof(2, 2, List.of()).verify(ab, ab)).isTrue();
        assertThat(new ConsistencyProof(2, 2, List.of(MerkleHash.hex(b))).verify(ab, ab))
                .isFalse();
        assertThat(new ConsistencyProof(2, 2, List.of()).verify(ab, a)).isFalse();
    }

    @Example
    void sizesMustNotShrink() {
        LeafSource none = LeafSource.of(List.of());
        assertThatThrownBy(() -> ConsistencyProof.create(none, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from size 3 to size 2");
        assertThatThrownBy(() -> ConsistencyProof.create(none, -1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
