package dev.warden.monitor;

/** A refused monitoring operation, with its reason; the message names what was wrong and never holds a secret. */
public class MonitorException extends RuntimeException {
    private final MonitorReason reason;

    public MonitorException(MonitorReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MonitorReason reason() {
        return reason;
    }

    public String code() {
        return reason.name();
    }
}
