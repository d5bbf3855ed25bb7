package dev.warden.incident.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.incident.IncidentException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DeadlinePlanTest {
    private static final Instant T0 = Instant.parse("2026-12-07T03:00:00Z");

    private static List<Deadline> seed(Severity s, boolean cra) {
        List<Deadline> out = new ArrayList<>();
        ClockProfile.seed().clocks(s, cra).forEach(c -> out.add(Deadline.start(c, T0)));
        return out;
    }

    @Test
    void theSeedsClocksCountFromDetection() {
        List<Deadline> d = seed(Severity.SEV1, false);
        assertThat(d)
                .extracting(Deadline::clock)
                .containsExactly("triaged", "communicated", "mitigated", "recovered", "reviewed");
        assertThat(d)
                .extracting(Deadline::dueAt)
                .containsExactly(
                        T0.plus(Duration.ofMinutes(5)),
                        T0.plus(Duration.ofMinutes(15)),
                        T0.plus(Duration.ofMinutes(30)),
                        T0.plus(Duration.ofHours(1)),
                        T0.plus(Duration.ofDays(7)));
        // A 5-minute triage warns a minute ahead; a 7-day review an hour ahead.
        assertThat(d.get(0).warnAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
        assertThat(d.get(4).warnAt()).isEqualTo(T0.plus(Duration.ofDays(7)).minus(Duration.ofHours(1)));
    }

    @Test
    void theCraProfileAddsItsThreeMilestones() {
        List<Deadline> d = seed(Severity.SEV2, true);
        assertThat(d)
                .extracting(Deadline::clock)
                .contains(ClockProfile.CRA_EARLY_WARNING, ClockProfile.CRA_NOTIFICATION, ClockProfile.CRA_FINAL_REPORT);
        assertThat(d.stream()
                        .filter(x -> x.clock().equals(ClockProfile.CRA_NOTIFICATION))
                        .findFirst()
                        .orElseThrow()
                        .dueAt())
                .isEqualTo(T0.plus(Duration.ofHours(72)));
    }

    @Test
    void aWarningIsOwedBeforeTheDeadlineAndABreachAfterIt() {
        List<Deadline> d = seed(Severity.SEV3, false);
        assertThat(DeadlinePlan.owed(1, d, T0.plusSeconds(60))).isEmpty();
        assertThat(DeadlinePlan.next(d)).contains(T0.plus(Duration.ofMinutes(4)));
        List<ClockEvent> warn = DeadlinePlan.owed(1, d, T0.plus(Duration.ofMinutes(4)));
        assertThat(warn).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ClockEvent.Kind.WARNING);
            assertThat(e.deadline().clock()).isEqualTo("triaged");
        });
        d.set(0, d.get(0).warned(T0.plus(Duration.ofMinutes(4))));
        assertThat(DeadlinePlan.next(d)).contains(T0.plus(Duration.ofMinutes(5)));
        // Down for an hour: every clock up to recovery is owed at once, breaches, in due order.
        List<ClockEvent> back = DeadlinePlan.owed(1, d, T0.plus(Duration.ofMinutes(61)));
        assertThat(back)
                .extracting(e -> e.kind() + " " + e.deadline().clock())
                .containsExactly("BREACH triaged", "BREACH communicated", "BREACH mitigated", "BREACH recovered");
    }

    @Test
    void reachingAPhaseReachesTheSkippedOnesAndALateOneIsABreach() {
        List<Deadline> d =
                DeadlinePlan.reach(seed(Severity.SEV2, true), Phase.MITIGATED, T0.plus(Duration.ofMinutes(10)));
        Map<String, Boolean> reached = new java.util.HashMap<>();
        d.forEach(x -> reached.put(x.clock(), x.reached()));
        assertThat(reached)
                .containsEntry("triaged", true)
                .containsEntry("communicated", true)
                .containsEntry("mitigated", true)
                .containsEntry("recovered", false)
                .containsEntry(ClockProfile.CRA_EARLY_WARNING, false);
        assertThat(d.get(0).breached()).as("triaged at 10 min > 5 min").isTrue();
        assertThat(d.get(1).breached()).isFalse();
        assertThat(DeadlinePlan.owed(1, d, T0.plus(Duration.ofMinutes(12)))).isEmpty();
    }

    @Test
    void phasesOnlyMoveForwardAndAReviewFollowsTheClose() {
        PhaseMove.check(Phase.DETECTED, Phase.CLOSED);
        assertThatThrownBy(() -> PhaseMove.check(Phase.MITIGATED, Phase.TRIAGED))
                .isInstanceOf(IncidentException.class)
                .hasMessageContaining("only move forward");
        assertThatThrownBy(() -> PhaseMove.check(Phase.RECOVERED, Phase.REVIEWED))
                .hasMessageContaining("after it is closed");
    }

    @Test
    void clocksArePerSeverityAndRefuseNonsense() {
        ClockProfile p = ClockProfile.withOverrides(
                Map.of(Severity.SEV4, "triaged=1h,communicated=4h,mitigated=1d,recovered=2d"));
        assertThat(p.clocks(Severity.SEV4, false).get(0).after()).isEqualTo(Duration.ofHours(1));
        assertThat(p.clocks(Severity.SEV1, false).get(0).after()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> ClockProfile.withOverrides(Map.of(Severity.SEV1, "triaged=2h")))
                .hasMessageContaining("falls due before an earlier phase");
        assertThatThrownBy(() -> ClockProfile.withOverrides(Map.of(Severity.SEV1, "triage=5m")))
                .isInstanceOf(IncidentException.class);
        assertThatThrownBy(() -> ClockProfile.withOverrides(Map.of(Severity.SEV1, "detected=5m")))
                .hasMessageContaining("only triaged");
    }

    @Property
    void aClockIsNeverOwedTwiceAndNothingIsOwedOnceReached(@ForAll @LongRange(min = 0, max = 900_000) long at) {
        List<Deadline> d = seed(Severity.SEV1, false);
        Instant now = T0.plusMillis(at);
        for (ClockEvent e : DeadlinePlan.owed(1, d, now)) {
            int i = d.indexOf(e.deadline());
            d.set(
                    i,
                    e.kind() == ClockEvent.Kind.BREACH
                            ? e.deadline().breach(now)
                            : e.deadline().warned(now));
        }
        assertThat(DeadlinePlan.owed(1, d, now)).isEmpty();
        DeadlinePlan.next(d).ifPresent(n -> assertThat(n).isAfter(now));
        assertThat(DeadlinePlan.owed(1, DeadlinePlan.reach(d, Phase.REVIEWED, now), now.plus(Duration.ofDays(30))))
                .isEmpty();
    }
}
