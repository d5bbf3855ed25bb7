package dev.warden.jobs;

/** Why a job operation was refused; the admin API maps each to its HTTP status in one place. */
public enum JobReason {
    INVALID_JOB_ID,
    INVALID_ROLLOUT,
    INVALID_TARGETS,
    /** A target thing whose type is not the release's: it would be told to install firmware not made for it. */
    WRONG_THING_TYPE,
    UNKNOWN_THING,
    UNKNOWN_THING_GROUP,
    JOB_EXISTS,
    NO_SUCH_JOB,
    JOB_ENDED,
    NO_SUCH_EXECUTION,
    /** A device's update from a state that does not allow it (a terminal one, say). */
    INVALID_TRANSITION,
    /** A device's update based on an execution version that is no longer current. */
    VERSION_MISMATCH,
    INVALID_STATUS_DETAILS
}
