package dev.warden.audit;

/** How an audited action ended. */
public enum AuditResult {
    /** The action was authorized and carried out. */
    ALLOW,
    /** Authentication or authorization refused the action. */
    DENY,
    /** The action was authorized but failed (bad input, conflict, internal error). */
    ERROR
}
