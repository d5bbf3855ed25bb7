package dev.warden.incident.core;

import java.time.Instant;

/**
 * A clock that needs telling: its warning is due ({@link Kind#WARNING}, the deadline is about to pass) or it passed
 * unreached ({@link Kind#BREACH}). {@code dueAt} is when it was meant to fire; a node that was down fires it on its
 * return, and {@code dueAt} then says how late.
 */
public record ClockEvent(long incidentId, Kind kind, Deadline deadline, Instant dueAt) {
    public enum Kind {
        WARNING,
        BREACH;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
