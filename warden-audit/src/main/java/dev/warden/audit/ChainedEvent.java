package dev.warden.audit;

/**
 * An event at its place in a region's chain: {@code hash = SHA-256(previous hash || canonical event)}.
 *
 * @param seq  1-based position in the region's chain
 * @param hash the stored hash, hex
 */
public record ChainedEvent(long seq, AuditEvent event, String hash) implements StoredLink {
    @Override
    public String eventId() {
        return event.eventId();
    }

    @Override
    public void writeCanonical(EventCanonicalForm.Writer out) {
        EventCanonicalForm.write(event, out);
    }
}
