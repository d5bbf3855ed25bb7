package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CountdownTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void readsAsAnOperatorWouldSayIt() {
        assertThat(Countdown.until(NOW.plusSeconds(45), NOW)).isEqualTo("in 45 s");
        assertThat(Countdown.until(NOW.plus(Duration.ofMinutes(59).plusSeconds(59)), NOW))
                .isEqualTo("in 59 min");
        assertThat(Countdown.until(NOW.plus(Duration.ofHours(3).plusMinutes(12)), NOW))
                .isEqualTo("in 3 h 12 min");
        assertThat(Countdown.until(NOW.plus(Duration.ofHours(50)), NOW)).isEqualTo("in 2 d 2 h");
        assertThat(Countdown.until(NOW.minus(Duration.ofMinutes(2)), NOW)).isEqualTo("overdue by 2 min");
        assertThat(Countdown.until(NOW, NOW)).isEqualTo("in 0 s");
    }
}
