package dev.warden.bench.load;

/**
 * A QoS 1 publish the broker answered with a negative PUBACK (MQTT 5 reason code 0x80 or above), as opposed to one
 * lost with its connection: the monitoring bench needs to tell a refusal by policy (0x87, Not authorized, e.g. after
 * a quarantine) from a dropped connection.
 */
final class PublishRefused extends IllegalStateException {
    static final int NOT_AUTHORIZED = 0x87;

    private final int reasonCode;

    PublishRefused(int reasonCode) {
        super("PUBACK reason " + reasonCode);
        this.reasonCode = reasonCode;
    }

    int reasonCode() {
        return reasonCode;
    }

    /** Whether {@code failure} (or its cause, as a future wraps it) is a refusal with {@code reasonCode}. */
    static boolean is(Throwable failure, int reasonCode) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PublishRefused refused) {
                return refused.reasonCode == reasonCode;
            }
        }
        return false;
    }
}
