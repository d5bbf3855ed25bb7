package dev.warden.console.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.console.core.IncidentClocks.State;
import dev.warden.incident.core.Deadline;
import dev.warden.incident.core.Phase;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentClocksTest {
    private static final Instant DUE = Instant.parse("2026-12-07T12:00:00Z");

    private static Deadline clock(Optional<Instant> reached, Optional<Instant> breached) {
        return new Deadline(
                "triaged", Optional.of(Phase.TRIAGED), DUE, DUE.minusSeconds(600), reached, Optional.empty(), breached);
    }

    @Test
    void aClockReachedInTimeIsMetAndOneReachedLateIsBreached() {
        Instant after = DUE.plusSeconds(3600);
        assertThat(IncidentClocks.state(clock(Optional.of(DUE.minusSeconds(1)), Optional.empty()), after))
                .isEqualTo(State.MET);
        assertThat(IncidentClocks.state(clock(Optional.of(DUE.plusSeconds(1)), Optional.empty()), after))
                .isEqualTo(State.BREACHED);
        assertThat(IncidentClocks.state(clock(Optional.empty(), Optional.of(DUE)), after))
                .isEqualTo(State.BREACHED);
    }

    @Test
    void aRunningClockIsOverduePastItsDueTimeBeforeTheBreachIsRecorded() {
        assertThat(IncidentClocks.state(clock(Optional.empty(), Optional.empty()), DUE.minusSeconds(60)))
                .isEqualTo(State.RUNNING);
        assertThat(IncidentClocks.state(clock(Optional.empty(), Optional.empty()), DUE.plusSeconds(60)))
                .isEqualTo(State.OVERDUE);
    }

    @Test
    void anIncidentMovesOnlyForwardTheNextPhaseFirst() {
        assertThat(IncidentClocks.nextPhases(Phase.DETECTED))
                .containsExactly("triaged", "communicated", "mitigated", "recovered", "closed", "reviewed");
        assertThat(IncidentClocks.nextPhases(Phase.CLOSED)).containsExactly("reviewed");
        assertThat(IncidentClocks.nextPhases(Phase.REVIEWED)).isEmpty();
    }
}
