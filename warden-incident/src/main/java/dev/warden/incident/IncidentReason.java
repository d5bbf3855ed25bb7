package dev.warden.incident;

/**
 * Why an incident operation was refused: a stable code that callers (and the API's error bodies) rely on. The HTTP
 * layer alone decides what status each reason maps to.
 */
public enum IncidentReason {
    NO_SUCH_INCIDENT,
    NO_SUCH_TASK,
    INVALID_INCIDENT,
    INVALID_SEVERITY,
    INVALID_PHASE,
    /** The incident is not in a phase from which the requested one can be reached (phases only move forward). */
    PHASE_ORDER,
    /** The incident is closed; only its review (the post-mortem) may still be recorded. */
    INCIDENT_CLOSED,
    INVALID_CLOCKS,
    INVALID_TASK,
    INVALID_STATUS_UPDATE,
    NO_SUCH_PLAYBOOK,
    INVALID_PLAYBOOK,
    NO_SUCH_STEP,
    NO_SUCH_RUN,
    /** The step does not wait for approval, or was decided already. */
    STEP_NOT_PENDING,
    /** The playbook's role may not run the step's action: nothing was done. */
    STEP_DENIED,
    STEP_FAILED,
    INVALID_SCHEDULE,
    NO_SUCH_SCHEDULE,
    NO_SUCH_ESCALATION_POLICY,
    INVALID_NOTIFY_TARGET,
    /** The notification settings are unusable (e.g. plain SMTP to a host other than localhost). */
    INVALID_NOTIFY_SETTINGS,
    UNKNOWN_DRILL
}
