package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.warden.console.core.TrafficHistory.Minute;
import dev.warden.console.core.TrafficHistory.Totals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficHistoryTest {
    /** A minute's start. */
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final TrafficHistory history = new TrafficHistory();

    @Test
    void samplesOnTheMinuteFillOneBucketEachWithItsRateAndItsFailures() {
        history.record(T0, new Totals(1_000, 5, 7));
        history.record(T0.plusSeconds(60), new Totals(1_600, 8, 7));
        history.record(T0.plusSeconds(120), new Totals(1_600, 8, 9));

        List<Minute> window = history.window(T0.plusSeconds(119), 3);

        assertThat(window).extracting(Minute::start).containsExactly(T0.minusSeconds(60), T0, T0.plusSeconds(60));
        assertThat(window.get(0).observed()).as("before the first sample").isFalse();
        assertThat(window.get(1).messagesPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(window.get(1).authenticationFailures()).isCloseTo(3.0, within(1e-9));
        assertThat(window.get(1).authorizationDenials()).isCloseTo(0.0, within(1e-9));
        assertThat(window.get(2).messagesPerSecond()).isCloseTo(0.0, within(1e-9));
        assertThat(window.get(2).authorizationDenials()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void aSampleOffTheMinuteIsSharedByTheMinutesItCoversInProportion() {
        // 90 s from 10:00:30 to 10:02:00: 30 s in the first minute, 60 s in the second
        history.record(T0.plusSeconds(30), new Totals(0, 0, 0));
        history.record(T0.plusSeconds(120), new Totals(900, 3, 0));

        List<Minute> window = history.window(T0.plusSeconds(60), 2);

        assertThat(window.get(0).messagesPerSecond())
                .as("rate over the 30 s observed")
                .isCloseTo(10.0, within(1e-9));
        assertThat(window.get(0).authenticationFailures()).isCloseTo(1.0, within(1e-9));
        assertThat(window.get(1).messagesPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(window.get(1).authenticationFailures()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void theCurrentMinuteShowsWhatWasSeenSoFarAndMoreSamplesAddToIt() {
        history.record(T0, new Totals(0, 0, 0));
        history.record(T0.plusSeconds(10), new Totals(50, 1, 0));
        history.record(T0.plusSeconds(20), new Totals(150, 1, 4));

        Minute now = history.window(T0.plusSeconds(20), 1).get(0);

        assertThat(now.messagesPerSecond()).isCloseTo(7.5, within(1e-9));
        assertThat(now.authenticationFailures()).isCloseTo(1.0, within(1e-9));
        assertThat(now.authorizationDenials()).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void aSampleNotLaterThanTheLastAddsNothing() {
        history.record(T0, new Totals(0, 0, 0));
        history.record(T0.plusSeconds(60), new Totals(60, 0, 0));
        history.record(T0.plusSeconds(60), new Totals(6_000, 9, 9));
        history.record(T0.plusSeconds(30), new Totals(6_000, 9, 9));

        assertThat(history.window(T0, 1).get(0).messagesPerSecond()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aCounterThatWentDownRestartedFromZero() {
        history.record(T0, new Totals(5_000, 40, 40));
        history.record(T0.plusSeconds(60), new Totals(120, 2, 1));

        Minute restarted = history.window(T0, 1).get(0);

        assertThat(restarted.messagesPerSecond()).isCloseTo(2.0, within(1e-9));
        assertThat(restarted.authenticationFailures()).isCloseTo(2.0, within(1e-9));
        assertThat(restarted.authorizationDenials()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void theRingWrapsAroundAfterADayAndForgetsTheMinuteADayBefore() {
        history.record(T0, new Totals(0, 0, 0));
        long total = 0;
        for (int m = 1; m <= TrafficHistory.MINUTES + 2; m++) {
            total += m == 1 ? 6_000 : 60;
            history.record(T0.plus(Duration.ofMinutes(m)), new Totals(total, 0, 0));
        }
        Instant newest = T0.plus(Duration.ofMinutes(TrafficHistory.MINUTES + 1));

        List<Minute> day = history.window(newest, TrafficHistory.MINUTES);

        assertThat(day).hasSize(TrafficHistory.MINUTES).allMatch(Minute::observed);
        assertThat(day.get(0).start()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        // The busy first minute (100 messages/s) shared its slot with the minute a day later, which now holds it.
        assertThat(rates(day)).containsOnly(1.0);
        assertThat(history.window(T0, 1).get(0).observed()).as("a day ago").isFalse();
    }

    @Test
    void aPauseLongerThanADayKeepsOnlyItsLastDayAndLeavesNoStaleMinute() {
        history.record(T0, new Totals(0, 0, 0));
        history.record(T0.plusSeconds(60), new Totals(600, 0, 0));
        Instant later = T0.plus(Duration.ofDays(3));
        // one message a second through the pause (which began a minute after T0)
        history.record(later, new Totals(600 + 3 * 86_400 - 60, 0, 0));

        List<Minute> day = history.window(later.minusSeconds(1), TrafficHistory.MINUTES);

        assertThat(day).allMatch(Minute::observed);
        assertThat(rates(day)).containsOnly(1.0);
        assertThat(history.window(T0, 1).get(0).observed()).as("three days ago").isFalse();
    }

    /** The rates, rounded to six places (the shares are floating-point). */
    private static List<Double> rates(List<Minute> minutes) {
        return minutes.stream()
                .map(m -> Math.round(m.messagesPerSecond() * 1e6) / 1e6)
                .distinct()
                .toList();
    }

    @Test
    void minutesNeverObservedHaveNoValueRatherThanZero() {
        assertThat(history.window(T0, 60)).hasSize(60).noneMatch(Minute::observed);
        history.record(T0, new Totals(10, 0, 0));
        assertThat(history.window(T0, 60))
                .as("a baseline alone observed nothing")
                .noneMatch(Minute::observed);
    }

    @Test
    void aWindowIsOneMinuteToADay() {
        assertThatThrownBy(() -> history.window(T0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> history.window(T0, TrafficHistory.MINUTES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
