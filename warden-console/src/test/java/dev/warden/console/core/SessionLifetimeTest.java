package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionLifetimeTest {
    private static final Instant SIGNED_IN = Instant.parse("2026-01-01T08:00:00Z");
    private final SessionLifetime lifetime = new SessionLifetime(Duration.ofMinutes(15), Duration.ofHours(8));

    @Test
    void aSessionInUseLivesUntilItsAbsoluteLifetime() {
        Instant now = SIGNED_IN.plus(Duration.ofHours(7));
        assertThat(lifetime.check(SIGNED_IN, now.minusSeconds(60), now)).isEqualTo(SessionLifetime.Verdict.LIVE);
        Instant end = SIGNED_IN.plus(Duration.ofHours(8));
        assertThat(lifetime.check(SIGNED_IN, end.minusSeconds(1), end))
                .isEqualTo(SessionLifetime.Verdict.ABSOLUTE_EXPIRED);
    }

    @Test
    void aSessionLeftIdleEndsAtTheIdleTimeoutExactly() {
        Instant last = SIGNED_IN.plus(Duration.ofMinutes(30));
        assertThat(lifetime.check(
                        SIGNED_IN, last, last.plus(Duration.ofMinutes(15)).minusMillis(1)))
                .isEqualTo(SessionLifetime.Verdict.LIVE);
        assertThat(lifetime.check(SIGNED_IN, last, last.plus(Duration.ofMinutes(15))))
                .isEqualTo(SessionLifetime.Verdict.IDLE_EXPIRED);
    }

    @Test
    void configurationCanOnlyBeStricterThanTheBounds() {
        assertThatThrownBy(() -> new SessionLifetime(Duration.ofHours(1), Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionLifetime(Duration.ofMinutes(5), Duration.ofHours(13)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionLifetime(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionLifetime(Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SessionLifetime(Duration.ofMinutes(1), Duration.ofMinutes(1)).idle())
                .isEqualTo(Duration.ofMinutes(1));
    }
}
