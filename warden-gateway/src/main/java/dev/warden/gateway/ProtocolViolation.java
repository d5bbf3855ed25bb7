package dev.warden.gateway;

/** A client broke the protocol or a limit; the connection is closed with {@link #reason()} (MQTT 5). */
final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ReasonCode reason;

    ProtocolViolation(ReasonCode reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    ReasonCode reason() {
        return reason;
    }
}
