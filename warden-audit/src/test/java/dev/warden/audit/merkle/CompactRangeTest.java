package dev.warden.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The persisted form is validated: a bad checkpoint must fail loudly, never resume with a wrong root. */
class CompactRangeTest {
    private static final String H = "ab".repeat(32);

    @Test
    void theEmptyRangeIsSizeZeroWithNoHashes() {
        assertThat(CompactRange.empty().toString()).isEqualTo("0:");
        assertThat(CompactRange.parse("0:")).isEqualTo(CompactRange.empty());
        assertThat(CompactRange.parse("3:" + H + "," + H).roots()).hasSize(2);
    }

    @Test
    void theNumberOfHashesMustMatchTheSetBitsOfTheSize() {
        assertThatThrownBy(() -> CompactRange.parse("5:" + H))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size 5 holds 2 subtree hashes")
                .hasMessageContaining("got 1");
        assertThatThrownBy(() -> CompactRange.parse("4:" + H + "," + H))
                .hasMessageContaining("size 4 holds 1 subtree hashes");
        assertThatThrownBy(() -> CompactRange.parse("0:" + H)).hasMessageContaining("got 1");
        assertThatThrownBy(() -> CompactRange.parse("1:")).hasMessageContaining("got 0");
        assertThatThrownBy(() -> CompactRange.of(2, List.of())).hasMessageContaining("got 0");
    }

    @Test
    void malformedTextIsRejectedWithTheReason() {
        assertThatThrownBy(() -> CompactRange.parse(H))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size:hex");
        assertThatThrownBy(() -> CompactRange.parse("x:" + H)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> CompactRange.parse("-1:")).hasMessageContaining("negative size");
        assertThatThrownBy(() -> CompactRange.parse("1:" + H.substring(2))).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> CompactRange.parse("1:" + "zz".repeat(32))).hasMessageContaining("not a hex hash");
        assertThatThrownBy(() -> CompactRange.parse("3:" + H + ",")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> CompactRange.of(1, List.of(new byte[31])))
                .hasMessageContaining("subtree hash 0 must be a 32-byte hash");
    }

    @Test
    void onlyHashesAreAppended() {
        assertThatThrownBy(() -> CompactRange.empty().append(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32-byte");
    }

    @Test
    void leafHashesTakeInputsOfAnyLength() {
        assertThat(MerkleHash.leafHash(new byte[0])).hasSize(MerkleHash.LENGTH);
        assertThat(MerkleHash.leafHash(new byte[1000])).hasSize(MerkleHash.LENGTH);
    }
}
