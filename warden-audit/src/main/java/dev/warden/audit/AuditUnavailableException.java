package dev.warden.audit;

/**
 * The audit trail could not make an event durable. Callers that must not act unrecorded (admin actions) refuse the
 * action when they see this: the system fails closed.
 */
public final class AuditUnavailableException extends RuntimeException {
    public static final String REASON = "AUDIT_UNAVAILABLE";

    public AuditUnavailableException(String message) {
        super(message);
    }

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public String reason() {
        return REASON;
    }
}
