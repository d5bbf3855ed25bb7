package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OperatorReasonTest {
    @Test
    void aReasonIsKeptTrimmed() {
        assertThat(OperatorReason.parse("  firmware tampering suspected \t", true))
                .isEqualTo("firmware tampering suspected");
    }

    @Test
    void aRequiredReasonMayNotBeBlankAnOptionalOneMay() {
        assertThatThrownBy(() -> OperatorReason.parse("   ", true)).hasMessageContaining("give a reason");
        assertThatThrownBy(() -> OperatorReason.parse(null, true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OperatorReason.parse(null, false)).isEmpty();
    }

    @Test
    void aLineBreakThatCouldForgeAnotherFieldIsRefused() {
        assertThatThrownBy(() -> OperatorReason.parse("ok\nprincipal=root", false))
                .hasMessageContaining("one line");
    }

    @Test
    void aReasonIsBounded() {
        assertThat(OperatorReason.parse("x".repeat(OperatorReason.MAX), true)).hasSize(OperatorReason.MAX);
        assertThatThrownBy(() -> OperatorReason.parse("x".repeat(OperatorReason.MAX + 1), true))
                .hasMessageContaining("at most " + OperatorReason.MAX);
    }
}
