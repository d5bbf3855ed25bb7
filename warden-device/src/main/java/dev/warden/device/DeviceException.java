package dev.warden.device;

import java.util.Objects;

/**
 * A failure of the device SDK with a stable {@link DeviceErrorReason}. Messages never carry key material or
 * enrollment tokens.
 */
public class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DeviceErrorReason reason;

    public DeviceException(DeviceErrorReason reason, String message) {
        this(reason, message, null);
    }

    public DeviceException(DeviceErrorReason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DeviceErrorReason reason() {
        return reason;
    }
}
