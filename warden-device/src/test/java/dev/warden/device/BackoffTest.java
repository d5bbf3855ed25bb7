package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 5);

    @Test
    void nominalDelayDoublesUpToTheMax() {
        assertThat(backoff.nominal(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.nominal(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.nominal(4)).isEqualTo(Duration.ofMillis(1600));
        assertThat(backoff.nominal(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.nominal(1_000)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void delaysAreJitteredWithinHalfToFullNominal() {
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 0; attempt < 40; attempt++) {
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                Duration delay = backoff.delay(attempt, random);
                assertThat(delay).isBetween(backoff.nominal(attempt).dividedBy(2), backoff.nominal(attempt));
                seen.add(delay);
            }
            // jittered: a fleet does not retry in lock step
            assertThat(seen).hasSizeGreaterThan(10);
        }
    }

    @Test
    void attemptsAreBoundedWhenConfigured() {
        assertThat(backoff.allows(4)).isTrue();
        assertThat(backoff.allows(5)).isFalse();
        assertThat(Backoff.defaults().allows(Integer.MAX_VALUE)).isTrue();
    }

    @Test
    void invalidSchedulesAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
