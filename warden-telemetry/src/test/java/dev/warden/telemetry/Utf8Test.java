package dev.warden.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void validTextDecodesAndInvalidBytesAreRefusedNotReplaced() {
        assertThat(Utf8.decode("21.5 °C".getBytes(StandardCharsets.UTF_8))).contains("21.5 °C");
        assertThat(Utf8.decode(new byte[0])).contains("");
        assertThat(Utf8.decode(new byte[] {(byte) 0xC3, 0x28})).isEmpty();
        assertThat(Utf8.decode(new byte[] {(byte) 0xFF})).isEmpty();
    }
}
