package dev.warden.console.view;

import java.util.List;

/**
 * An incident's timeline as the audit trail holds it, in chain order, and how much of it signed digests cover
 * ({@code complete}: the newest event is inside one).
 */
public record TimelineView(List<Event> events, long firstSeq, long lastSeq, int digests, boolean complete) {
    /** One event: its place in the chain, its id, time, principal, action, result and details as text. */
    public record Event(
            long seq, String eventId, String time, String principal, String action, String result, String details) {}
}
