package dev.warden.jobs.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RolloutTest {
    private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");

    @Property(tries = 50)
    void aConstantRateIsNeverExceededInAnyMinuteAndReachesEveryThing(
            @ForAll @IntRange(min = 1, max = 120) int perMinute, @ForAll @IntRange(min = 1, max = 2000) int things) {
        RolloutPlanner planner = new RolloutPlanner(new RolloutRate.Constant(perMinute), null, null, List.of());
        Deque<Instant> sent = new ArrayDeque<>();
        long notified = 0;
        Instant now = T0;
        // The service asks every second; each answer is acted on at once.
        while (notified < things) {
            Instant minuteAgo = now.minusSeconds(60);
            while (!sent.isEmpty() && !sent.peekFirst().isAfter(minuteAgo)) {
                sent.pollFirst();
            }
            long n = planner.notifyNow(now, new RolloutProgress(notified, sent.size(), things - notified, Map.of()));
            for (int i = 0; i < n; i++) {
                sent.addLast(now);
            }
            notified += n;
            assertThat(sent.size()).isLessThanOrEqualTo(perMinute);
            now = now.plusSeconds(1);
        }
        long minutes = Duration.between(T0, now).toMinutes();
        assertThat(minutes).isEqualTo((things - 1) / perMinute);
    }

    @Test
    void anExponentialRateGrowsOnlyWithSuccessesWhenToldSo() {
        RolloutRate rate = new RolloutRate.Exponential(10, 2.0, 50, true, 100);
        assertThat(rate.perMinute(progress(0, 0))).isEqualTo(10);
        // 500 notified but only 49 succeeded: no increase
        assertThat(rate.perMinute(progress(500, 49))).isEqualTo(10);
        assertThat(rate.perMinute(progress(500, 50))).isEqualTo(20);
        assertThat(rate.perMinute(progress(500, 100))).isEqualTo(40);
        assertThat(rate.perMinute(progress(500, 1000))).isEqualTo(100);
        assertThat(new RolloutRate.Exponential(10, 1.5, 10, false, 1000).perMinute(progress(20, 0)))
                .isEqualTo(22);
        assertThatThrownBy(() -> new RolloutRate.Exponential(10, 1.0, 10, false, 100))
                .hasMessageContaining("incrementFactor");
    }

    @Test
    void aJobAbortsWhenMoreThanItsThresholdFailedAfterEnoughExecuted() {
        // "more than 10% failed after 50 executions"
        List<AbortCriterion> criteria = List.of(new AbortCriterion(null, 10, 50));
        assertThat(AbortCriterion.firstMet(criteria, outcome(44, 5, 0))).isEmpty(); // 49 executed
        assertThat(AbortCriterion.firstMet(criteria, outcome(45, 5, 0))).isEmpty(); // exactly 10%
        assertThat(AbortCriterion.firstMet(criteria, outcome(44, 3, 3)))
                .hasValue("6 of 50 executed things failed, were rejected or timed out (12.0%, above 10.0% after at"
                        + " least 50)");
        List<AbortCriterion> rejectedOnly = List.of(new AbortCriterion(ExecutionStatus.REJECTED, 10, 50));
        assertThat(AbortCriterion.firstMet(rejectedOnly, outcome(40, 10, 0))).isEmpty();
        assertThatThrownBy(() -> new AbortCriterion(ExecutionStatus.SUCCEEDED, 10, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nothingIsNotifiedOutsideTheScheduleOrEveryMaintenanceWindow() {
        MaintenanceWindow night = new MaintenanceWindow(LocalTime.of(23, 0), Duration.ofHours(4));
        RolloutPlanner planner =
                new RolloutPlanner(new RolloutRate.Constant(100), T0, T0.plus(Duration.ofDays(2)), List.of(night));
        RolloutProgress none = new RolloutProgress(0, 0, 10, Map.of());
        assertThat(planner.notifyNow(T0.minusSeconds(1), none)).isZero(); // before the start
        assertThat(planner.notifyNow(T0, none)).isEqualTo(10); // 02:00, inside 23:00-03:00
        assertThat(planner.notifyNow(Instant.parse("2026-12-07T03:00:00Z"), none))
                .isZero();
        assertThat(planner.notifyNow(Instant.parse("2026-12-07T23:30:00Z"), none))
                .isEqualTo(10);
        assertThat(planner.notifyNow(T0.plus(Duration.ofDays(2)), none)).isZero(); // at the end
        assertThat(planner.notifyNow(T0, new RolloutProgress(0, 95, 10, Map.of())))
                .isEqualTo(5);
    }

    private static RolloutProgress progress(long notified, long succeeded) {
        return new RolloutProgress(notified, 0, 0, Map.of(ExecutionStatus.SUCCEEDED, succeeded));
    }

    private static RolloutProgress outcome(long succeeded, long failed, long timedOut) {
        return new RolloutProgress(
                succeeded + failed + timedOut,
                0,
                0,
                Map.of(
                        ExecutionStatus.SUCCEEDED, succeeded,
                        ExecutionStatus.FAILED, failed,
                        ExecutionStatus.TIMED_OUT, timedOut));
    }
}
