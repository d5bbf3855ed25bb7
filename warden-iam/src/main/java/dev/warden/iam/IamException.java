package dev.warden.iam;

/** A refused IAM operation, with its reason; the message names what was wrong and never holds a secret. */
public class IamException extends RuntimeException {
    private final IamReason reason;

    public IamException(IamReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public IamReason reason() {
        return reason;
    }

    public String code() {
        return reason.code();
    }
}
