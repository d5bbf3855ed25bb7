package dev.warden.region.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeChainTest {
    private static ChangeEntry entry(long seq, String prev, String body) {
        return new ChangeEntry(seq, prev, ChangeChain.hash(seq, prev, body), body, "sig", Instant.EPOCH);
    }

    @Test
    void theNextEntryVerifiesOnlyInPlaceWithItsOwnHashAndAValidSignature() {
        ChangeEntry first = entry(1, ChangeChain.GENESIS, "{\"changes\":[]}");
        assertThatCode(() -> ChangeChain.verifyNext(0, ChangeChain.GENESIS, first, (h, s) -> true))
                .doesNotThrowAnyException();
        ChangeEntry second = entry(2, first.hash(), "{\"changes\":[1]}");
        assertThat(reason(() -> ChangeChain.verifyNext(0, ChangeChain.GENESIS, second, (h, s) -> true)))
                .isEqualTo(RegionReason.CHANGE_OUT_OF_ORDER);
        assertThat(reason(() -> ChangeChain.verifyNext(1, "f".repeat(64), second, (h, s) -> true)))
                .isEqualTo(RegionReason.CHANGE_OUT_OF_ORDER);
        ChangeEntry altered =
                new ChangeEntry(2, first.hash(), second.hash(), "{\"changes\":[2]}", "sig", Instant.EPOCH);
        assertThat(reason(() -> ChangeChain.verifyNext(1, first.hash(), altered, (h, s) -> true)))
                .isEqualTo(RegionReason.CHANGE_TAMPERED);
        assertThat(reason(() -> ChangeChain.verifyNext(1, first.hash(), second, (h, s) -> false)))
                .isEqualTo(RegionReason.CHANGE_TAMPERED);
    }

    private static RegionReason reason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(call, RegionException.class);
        assertThatThrownBy(call).isInstanceOf(RegionException.class);
        return thrown.reason();
    }
}
