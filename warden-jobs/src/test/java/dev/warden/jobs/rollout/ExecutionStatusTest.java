package dev.warden.jobs.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ExecutionStatusTest {
    @Property
    void aTerminalStateNeverChangesByTheDevice(@ForAll ExecutionStatus from, @ForAll ExecutionStatus to) {
        if (from.isTerminal()) {
            assertThat(from.deviceMayReport(to)).isFalse();
            assertThat(from.platformMay(to))
                    .isEqualTo(to == ExecutionStatus.REMOVED && from != ExecutionStatus.REMOVED);
        }
    }

    @Test
    void aDeviceReportsProgressAndOutcomesButCannotTimeOutOrCancelItself() {
        assertThat(ExecutionStatus.QUEUED.deviceMayReport(ExecutionStatus.IN_PROGRESS))
                .isTrue();
        assertThat(ExecutionStatus.IN_PROGRESS.deviceMayReport(ExecutionStatus.SUCCEEDED))
                .isTrue();
        assertThat(ExecutionStatus.QUEUED.deviceMayReport(ExecutionStatus.REJECTED))
                .isTrue();
        assertThat(ExecutionStatus.IN_PROGRESS.deviceMayReport(ExecutionStatus.TIMED_OUT))
                .isFalse();
        assertThat(ExecutionStatus.IN_PROGRESS.deviceMayReport(ExecutionStatus.CANCELED))
                .isFalse();
        assertThat(ExecutionStatus.IN_PROGRESS.deviceMayReport(ExecutionStatus.QUEUED))
                .isFalse();
        assertThat(ExecutionStatus.FAILED.deviceMayReport(ExecutionStatus.SUCCEEDED))
                .isFalse();
    }

    @Test
    void onlyAnExecutionInProgressTimesOut() {
        assertThat(ExecutionStatus.IN_PROGRESS.platformMay(ExecutionStatus.TIMED_OUT))
                .isTrue();
        assertThat(ExecutionStatus.QUEUED.platformMay(ExecutionStatus.TIMED_OUT))
                .isFalse();
        assertThat(ExecutionStatus.QUEUED.platformMay(ExecutionStatus.CANCELED)).isTrue();
        assertThat(ExecutionStatus.SUCCEEDED.platformMay(ExecutionStatus.CANCELED))
                .isFalse();
    }
}
