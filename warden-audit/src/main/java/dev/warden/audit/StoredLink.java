package dev.warden.audit;

/**
 * One event at its place in a stored chain, as the verifier reads it: its position, its recorded hash and a way to
 * write its canonical form. A store can implement this over the raw column bytes it read, so verification needs no
 * decoded {@link AuditEvent} per row.
 */
public interface StoredLink {
    /** 1-based position in the region's chain. */
    long seq();

    /** The event's id, for reports. */
    String eventId();

    /** The recorded hash, hex (anything else is reported as a modification). */
    String hash();

    /** Writes the canonical form of the event as stored; the bytes must be those {@link EventCanonicalForm#of} gives. */
    void writeCanonical(EventCanonicalForm.Writer out);
}
