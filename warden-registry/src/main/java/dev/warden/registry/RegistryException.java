package dev.warden.registry;

/** A refused registry operation, with its reason; the message names what was wrong and never holds a secret. */
public class RegistryException extends RuntimeException {
    private final RegistryReason reason;

    public RegistryException(RegistryReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RegistryReason reason() {
        return reason;
    }

    public String code() {
        return reason.code();
    }
}
