package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.console.core.ContextLines.Entry;
import org.junit.jupiter.api.Test;

class ContextLinesTest {
    @Test
    void readsKeyValueLinesKeepingRepeatedKeysAndValuesWithEquals() {
        assertThat(ContextLines.parse("aws:SourceIp=10.0.0.1\n\n iot:ClientId = dev-1 \r\ntag=a=b\ntag=c"))
                .containsExactly(
                        new Entry("aws:SourceIp", "10.0.0.1"),
                        new Entry("iot:ClientId", "dev-1"),
                        new Entry("tag", "a=b"),
                        new Entry("tag", "c"));
        assertThat(ContextLines.parse(null)).isEmpty();
        assertThat(ContextLines.parse("  \n")).isEmpty();
    }

    @Test
    void aLineWithoutAKeyIsRefusedByItsNumber() {
        assertThatThrownBy(() -> ContextLines.parse("a=1\n=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> ContextLines.parse("novalue")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> ContextLines.parse("k=v\n".repeat(ContextLines.MAX_ENTRIES + 1)))
                .hasMessageContaining("at most");
    }
}
