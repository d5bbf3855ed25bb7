package dev.warden.compliance;

/** A refused compliance operation, with its reason; the message names what was wrong and never holds a secret. */
public class ComplianceException extends RuntimeException {
    private final ComplianceReason reason;

    public ComplianceException(ComplianceReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ComplianceReason reason() {
        return reason;
    }

    public String code() {
        return reason.name();
    }
}
