package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RotationStateTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);

    @Test
    void countsFromTheLastRotationOrElseFromCreation() {
        assertThat(RotationState.of(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(5)), YEAR, NOW))
                .isEqualTo(new RotationState(NOW.minus(Duration.ofDays(5)).toString(), "due in 360 days", false));
        assertThat(RotationState.of(NOW.minus(Duration.ofDays(400)), null, YEAR, NOW))
                .isEqualTo(new RotationState("never", "overdue by 35 days", true));
    }

    @Test
    void aKeyTheChecksDoNotJudgeSaysWhy() {
        assertThat(RotationState.notJudged(null, "not enabled"))
                .isEqualTo(new RotationState("never", "not judged (not enabled)", false));
    }
}
