package dev.warden.device.firmware;

/** A refused update, with its reason; nothing was installed and the device's state did not change. */
public final class UpdateRefusedException extends RuntimeException {
    private final UpdateRefusal reason;

    public UpdateRefusedException(UpdateRefusal reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public UpdateRefusal reason() {
        return reason;
    }
}
