package dev.warden.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.console.core.TrafficHistory;
import dev.warden.console.view.TrafficView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrafficChartsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theChartsDataHasAMinuteAxisAndNullsWhereNothingWasObserved() {
        TrafficHistory history = new TrafficHistory();
        history.record(T0, new TrafficHistory.Totals(0, 0, 0));
        history.record(T0.plusSeconds(60), new TrafficHistory.Totals(150, 2, 1));
        history.record(T0.plusSeconds(90), new TrafficHistory.Totals(180, 3, 1));

        TrafficView view = TrafficCharts.view("hour", history.window(T0.plusSeconds(90), 3));

        long start = T0.minusSeconds(60).getEpochSecond();
        assertThat(view.messages())
                .isEqualTo("[[" + start + "," + (start + 60) + "," + (start + 120) + "],[null,2.5,1.0]]");
        assertThat(view.failures()).endsWith("[null,2.0,1.0],[null,1.0,0.0]]");
        assertThat(view.observed()).isEqualTo(2);
        assertThat(view.lastRate()).isEqualTo("1.0");
        assertThat(view.peakRate()).isEqualTo("2.5");
        assertThat(view.authentication()).isEqualTo(3);
        assertThat(view.authorization()).isEqualTo(1);
        assertThat(view.day()).isFalse();
    }
}
