package dev.warden.incident;

/** A refused incident operation, with its reason; the message names what was wrong and never holds a secret. */
public class IncidentException extends RuntimeException {
    private final IncidentReason reason;

    public IncidentException(IncidentReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public IncidentReason reason() {
        return reason;
    }

    public String code() {
        return reason.name();
    }
}
