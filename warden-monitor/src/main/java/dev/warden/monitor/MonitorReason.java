package dev.warden.monitor;

/**
 * Why a monitoring operation was refused: a stable code that callers (and the API's error bodies) rely on. The HTTP
 * layer alone decides what status each reason maps to.
 */
public enum MonitorReason {
    /** The profile document is not JSON, or a field has the wrong type. */
    INVALID_PROFILE,
    INVALID_PROFILE_NAME,
    UNKNOWN_METRIC,
    UNKNOWN_OPERATOR,
    /** The operator cannot compare this metric (a CIDR set on a count, a number on a port set). */
    OPERATOR_NOT_APPLICABLE,
    INVALID_THRESHOLD,
    WINDOW_OUT_OF_RANGE,
    INVALID_DATAPOINTS,
    INVALID_TOPIC_FILTER,
    INVALID_TARGET,
    UNKNOWN_MITIGATION,
    /** A mitigation the behaviour's metric cannot feed (banning an address for a per-user metric). */
    MITIGATION_NOT_APPLICABLE,
    INVALID_NOTIFY_TARGET,
    DUPLICATE_BEHAVIOUR,
    TOO_MANY_BEHAVIOURS,
    PROFILE_TOO_LARGE,
    PROFILE_ALREADY_EXISTS,
    NO_SUCH_PROFILE,
    /** Built-in profiles can be detached or replaced by an update, never deleted. */
    BUILT_IN_PROFILE,
    /** An update named a version that is no longer the current one (optimistic concurrency). */
    VERSION_CONFLICT,
    NO_SUCH_ALARM,
    INVALID_VERIFICATION_STATE,
    NO_SUCH_SUPPRESSION,
    INVALID_SUPPRESSION,
    INVALID_DEVICE_METRICS,
    DEVICE_METRICS_TOO_LARGE,
    /** The mitigation could not be carried out; the alarm stays and the failure is recorded. */
    MITIGATION_FAILED
}
