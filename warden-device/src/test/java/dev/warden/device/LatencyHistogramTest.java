package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesAreWithinThreePercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 100_000; micros++) {
            histogram.recordMicros(micros);
        }
        assertThat(histogram.count()).isEqualTo(100_000);
        assertThat(histogram.percentile(0.50).toNanos() / 1_000.0)
                .isCloseTo(50_000, org.assertj.core.data.Percentage.withPercentage(3.5));
        assertThat(histogram.percentile(0.99).toNanos() / 1_000.0)
                .isCloseTo(99_000, org.assertj.core.data.Percentage.withPercentage(3.5));
    }

    @Test
    void smallValuesAreExactAndEmptyIsZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentile(0.5)).isEqualTo(Duration.ZERO);
        histogram.record(Duration.ofNanos(42_000));
        assertThat(histogram.percentile(0.5)).isEqualTo(Duration.ofNanos(42_000));
    }

    @Test
    void bucketBoundsAreMonotonic() {
        long previous = -1;
        for (long micros : new long[] {0, 1, 63, 64, 65, 127, 128, 1_000, 1L << 20, 1L << 40, Long.MAX_VALUE / 2}) {
            int index = LatencyHistogram.index(micros);
            assertThat(LatencyHistogram.lowerBound(index))
                    .isLessThanOrEqualTo(micros)
                    .isGreaterThanOrEqualTo(previous)
                    .isGreaterThan(micros - micros / 16 - 1);
            previous = LatencyHistogram.lowerBound(index);
        }
    }
}
