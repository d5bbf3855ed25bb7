package dev.warden.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Maps monotonic-clock readings to wall-clock times, so that a measured window can be found in a broker's log. */
class WallClockAnchorTest {

    @Test
    void readingsBeforeAndAfterTheAnchorMapToTheirWallClockTimes() {
        Instant wall = Instant.parse("2026-12-05T22:57:00Z");
        WallClockAnchor anchor = new WallClockAnchor(wall, 5_000_000_000L);

        assertThat(anchor.at(5_000_000_000L + 2_000_000_000L)).isEqualTo(Instant.parse("2026-12-05T22:57:02Z"));
        assertThat(anchor.at(5_000_000_000L - 1_500_000L)).isEqualTo(Instant.parse("2026-12-05T22:56:59.998500Z"));
    }

    @Test
    void theCurrentAnchorAgreesWithTheWallClock() {
        Instant before = Instant.now();
        WallClockAnchor anchor = WallClockAnchor.now();
        Instant mapped = anchor.at(System.nanoTime());
        Instant after = Instant.now();

        assertThat(mapped).isBetween(before, after.plus(Duration.ofMillis(1)));
    }
}
