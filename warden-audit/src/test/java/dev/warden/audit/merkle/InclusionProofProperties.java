package dev.warden.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every inclusion proof verifies against the naive root, and no tampered one does. */
class InclusionProofProperties {

    @Property(tries = 300)
    void everyLeafIsProvenInTheNaiveTree(
            @ForAll @IntRange(min = 1, max = 300) int size, @ForAll int pick, @ForAll long seed) {
        int index = Math.floorMod(pick, size);
        List<byte[]> inputs = NaiveMerkle.leafInputs(seed, size);
        byte[] leaf = NaiveMerkle.leafHash(inputs.get(index));
        byte[] root = NaiveMerkle.mth(inputs);

        InclusionProof proof = InclusionProof.create(LeafSource.of(NaiveMerkle.leafHashes(inputs)), index, size);

        assertThat(proof.leafIndex()).isEqualTo(index);
        assertThat(proof.treeSize()).isEqualTo(size);
        assertThat(proof.path()).hasSizeLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(size - 1L));
        assertThat(proof.rootFromLeaf(leaf))
                .hasValueSatisfying(r -> assertThat(r).isEqualTo(root));
        assertThat(proof.verify(leaf, root)).isTrue();
        assertThat(proof.verify(NaiveMerkle.flipBit(leaf, pick & 255), root)).isFalse();
        assertThat(proof.verify(leaf, NaiveMerkle.flipBit(root, pick & 255))).isFalse();
    }

    @Property(tries = 300)
    void aTamperedProofFails(@ForAll @IntRange(min = 1, max = 300) int size, @ForAll int pick, @ForAll long seed) {
        int index = Math.floorMod(pick, size);
        List<byte[]> inputs = NaiveMerkle.leafInputs(seed, size + 1);
        byte[] leaf = NaiveMerkle.leafHash(inputs.get(index));
        byte[] root = NaiveMerkle.mth(inputs.subList(0, size));
        InclusionProof proof = InclusionProof.create(LeafSource.of(NaiveMerkle.leafHashes(inputs)), index, size);
        List<String> path = proof.path();

        for (int e = 0; e < path.size(); e++) {
            List<String> flipped = new ArrayList<>(path);
            flipped.set(e, MerkleHash.hex(NaiveMerkle.flipBit(MerkleHash.parseHash(path.get(e)), pick & 255)));
            assertThat(new InclusionProof(index, size, flipped).verify(leaf, root))
                    .as("flipped %d", e)
                    .isFalse();
        }
        if (!path.isEmpty()) {
            assertThat(new InclusionProof(index, size, path.subList(0, path.size() - 1)).verify(leaf, root))
                    .as("truncated")
                    .isFalse();
            assertThat(new InclusionProof(index, size, path.subList(1, path.size())).verify(leaf, root))
                    .as("first element dropped")
                    .isFalse();
        }
        List<String> longer = new ArrayList<>(path);
        longer.add(MerkleHash.hex(root));
        assertThat(new InclusionProof(index, size, longer).verify(leaf, root))
                .as("extended")
                .isFalse();
        for (int wrong : new int[] {index - 1, index + 1, index ^ 2, -1, size}) {
            if (wrong != index) {
                assertThat(new InclusionProof(wrong, size, path).verify(leaf, root))
                        .as("index %d", wrong)
                        .isFalse();
            }
        }
        // A checkpoint binds a size to its root: a wrong size is checked against that size's real root.
        for (int wrong : new int[] {size - 1, size + 1}) {
            if (wrong > index && wrong != size) {
                byte[] wrongRoot = NaiveMerkle.mth(inputs.subList(0, wrong));
                assertThat(new InclusionProof(index, wrong, path).verify(leaf, wrongRoot))
                        .as("size %d", wrong)
                        .isFalse();
            }
        }
        assertThat(new InclusionProof(index, size * 2L, path).verify(leaf, root))
                .as("size * 2")
                .isFalse();
    }

    @Example
    void malformedProofsAreFalseNotExceptions() {
        byte[] leaf = MerkleHash.leafHash(new byte[] {1});
        byte[] root = MerkleHash.nodeHash(leaf, leaf);
        String hash = MerkleHash.hex(leaf);
        assertThat(new InclusionProof(0, 2, List.of(hash)).verify(leaf, root)).isTrue();
        assertThat(new InclusionProof(0, 2, List.of("not hex")).verify(leaf, root))
                .isFalse();
        assertThat(new InclusionProof(0, 2, List.of(hash.toUpperCase() + "00")).verify(leaf, root))
                .isFalse();
        assertThat(new InclusionProof(0, 2, List.of(hash)).verify(null, root)).isFalse();
        assertThat(new InclusionProof(0, 2, List.of(hash)).verify(leaf, null)).isFalse();
        assertThat(new InclusionProof(0, 0, List.of()).verify(leaf, MerkleHash.emptyRoot()))
                .isFalse();
        assertThat(new InclusionProof(Long.MIN_VALUE, Long.MAX_VALUE, List.of(hash)).verify(leaf, root))
                .isFalse();
        assertThat(new InclusionProof(0, Long.MIN_VALUE, List.of(hash)).verify(leaf, root))
                .isFalse();
    }

    @Example
    void theEmptyTreeIncludesNothing() {
        LeafSource none = LeafSource.of(List.of());
        assertThatThrownBy(() -> InclusionProof.create(none, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tree of 0");
        assertThatThrownBy(() -> InclusionProof.create(none, 3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InclusionProof.create(none, -1, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
