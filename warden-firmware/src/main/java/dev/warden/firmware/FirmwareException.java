package dev.warden.firmware;

/** A refused firmware operation, with its reason code. Nothing was changed. */
public final class FirmwareException extends RuntimeException {
    private final FirmwareReason reason;

    public FirmwareException(FirmwareReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FirmwareReason reason() {
        return reason;
    }
}
