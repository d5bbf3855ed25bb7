package dev.warden.monitor.core;

/**
 * An alarm raised or cleared at a datapoint. {@code value} is the metric's value then (for address and port sets,
 * how many offending items), {@code detail} says what violated in words a user reads ("3 addresses: 10.0.0.5, ...",
 * "42 > 10"), and {@code observedAt} is the time of the newest observation that counted, from which detection
 * latency is measured.
 */
public record AlarmTransition(
        Kind kind,
        AlarmKey key,
        SecurityProfile profile,
        Behaviour behaviour,
        double value,
        String detail,
        long atMillis,
        long observedAtMillis) {
    public enum Kind {
        RAISED,
        CLEARED
    }
}
