package dev.warden.compliance;

/**
 * Why a compliance operation was refused: a stable code that callers (and the API's error bodies) rely on. The HTTP
 * layer alone decides what status each reason maps to.
 */
public enum ComplianceReason {
    NO_SUCH_FINDING,
    NO_SUCH_FRAMEWORK,
    UNKNOWN_FORMAT,
    INVALID_SEVERITY,
    INVALID_SUPPRESSION,
    NO_SUCH_SUPPRESSION,
    /** The finding has no one-command fix; its remediation text says what to do. */
    NO_FIX,
    /** The fix was refused by the IAM action it runs as (the caller may not do it by hand either). */
    FIX_DENIED,
    FIX_FAILED,
    /** A full run is already in progress. */
    RUN_IN_PROGRESS
}
