package dev.warden.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The frontier against the naive MTH, and its persisted form against itself. */
class CompactRangeProperties {

    @Property(tries = 200)
    void rootEqualsTheNaiveTreeHead(@ForAll @IntRange(min = 0, max = 300) int size, @ForAll long seed) {
        List<byte[]> inputs = NaiveMerkle.leafInputs(seed, size);
        CompactRange range = CompactRange.empty();
        inputs.forEach(input -> range.append(MerkleHash.leafHash(input)));

        assertThat(range.size()).isEqualTo(size);
        assertThat(range.roots()).hasSize(Long.bitCount(size));
        assertThat(range.root()).isEqualTo(NaiveMerkle.mth(inputs));
        assertThat(LeafSource.of(NaiveMerkle.leafHashes(inputs)).rangeRoot(0, size))
                .isEqualTo(range.root());
    }

    @Property(tries = 100)
    void everyPrefixRootEqualsTheNaiveTreeHead(@ForAll @IntRange(min = 0, max = 70) int size, @ForAll long seed) {
        List<byte[]> inputs = NaiveMerkle.leafInputs(seed, size);
        List<byte[]> naive = NaiveMerkle.prefixRoots(inputs);
        CompactRange range = CompactRange.empty();
        for (int i = 0; i <= size; i++) {
            assertThat(range.root()).as("root of size %d", i).isEqualTo(naive.get(i));
            if (i < size) {
                range.append(MerkleHash.leafHash(inputs.get(i)));
            }
        }
    }

    @Property(tries = 200)
    void roundTripsThroughItsTextAndResumesAppending(
            @ForAll @IntRange(min = 0, max = 300) int size,
            @ForAll @IntRange(min = 0, max = 40) int more,
            @ForAll long seed) {
        List<byte[]> hashes = NaiveMerkle.leafHashes(NaiveMerkle.leafInputs(seed, size + more));
        CompactRange writer = CompactRange.empty();
        hashes.subList(0, size).forEach(writer::append);

        CompactRange resumed = CompactRange.parse(writer.toString());
        assertThat(resumed).isEqualTo(writer).hasSameHashCodeAs(writer);
        assertThat(resumed.toString()).isEqualTo(writer.toString());
        assertThat(CompactRange.of(writer.size(), writer.roots())).isEqualTo(writer);

        hashes.subList(size, size + more).forEach(resumed::append);
        hashes.subList(size, size + more).forEach(writer::append);
        assertThat(resumed.root()).isEqualTo(writer.root());
    }

    @Property(tries = 100)
    void aCopyIsIndependentOfItsOriginal(@ForAll @IntRange(min = 0, max = 100) int size, @ForAll long seed) {
        List<byte[]> hashes = NaiveMerkle.leafHashes(NaiveMerkle.leafInputs(seed, size + 1));
        CompactRange original = CompactRange.empty();
        hashes.subList(0, size).forEach(original::append);
        CompactRange snapshot = original.copy();
        byte[] rootBefore = original.root();

        original.append(hashes.get(size));

        assertThat(snapshot.size()).isEqualTo(size);
        assertThat(snapshot.root()).isEqualTo(rootBefore);
        assertThat(original.root()).isEqualTo(NaiveMerkle.mth(NaiveMerkle.leafInputs(seed, size + 1)));
    }
}
