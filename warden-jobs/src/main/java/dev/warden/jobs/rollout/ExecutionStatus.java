package dev.warden.jobs.rollout;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of one thing's execution of a job, as in AWS IoT Jobs. A device moves its own execution forward
 * (QUEUED to IN_PROGRESS, then to an outcome); the platform times it out, cancels or removes it. A terminal state
 * never changes again, so that a late or replayed device update cannot turn a failure into a success.
 */
public enum ExecutionStatus {
    QUEUED,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED,
    REJECTED,
    TIMED_OUT,
    CANCELED,
    REMOVED;

    private static final Set<ExecutionStatus> DEVICE_OUTCOMES = EnumSet.of(SUCCEEDED, FAILED, REJECTED);

    public boolean isTerminal() {
        return this != QUEUED && this != IN_PROGRESS;
    }

    /** Whether the execution's own device may report {@code next} from this state. */
    public boolean deviceMayReport(ExecutionStatus next) {
        return switch (this) {
            case QUEUED -> next == IN_PROGRESS || DEVICE_OUTCOMES.contains(next);
            // Reporting IN_PROGRESS again is a progress update (status details), not a transition.
            case IN_PROGRESS -> next == IN_PROGRESS || DEVICE_OUTCOMES.contains(next);
            default -> false;
        };
    }

    /** Whether the platform may move the execution to {@code next}: timeouts, cancellation, removal. */
    public boolean platformMay(ExecutionStatus next) {
        return switch (next) {
            case TIMED_OUT -> this == IN_PROGRESS;
            case CANCELED -> !isTerminal();
            case REMOVED -> this != REMOVED;
            default -> false;
        };
    }

    /** A failure for abort criteria: FAILED, REJECTED or TIMED_OUT. */
    public boolean isFailure() {
        return this == FAILED || this == REJECTED || this == TIMED_OUT;
    }
}
