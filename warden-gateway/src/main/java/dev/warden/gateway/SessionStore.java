package dev.warden.gateway;

import java.util.List;

/**
 * Where the broker keeps persistent sessions and retained messages so that they survive a restart: each session's
 * subscriptions and expiry, every QoS 1/2 message it holds (queued for an offline client, or sent and awaiting
 * PUBACK/PUBREC/PUBCOMP) and the will its client left waiting (MQTT 5 will delay); and every retained message. Only
 * sessions with a session expiry above zero are written; clean sessions never reach the store.
 *
 * <p>The broker hands opaque, versioned byte arrays ({@code subscriptions}, {@code message}, {@code will}) that it
 * alone encodes and decodes; they hold device-derived data (topics, filters, payloads, properties), so an
 * implementation must never store or log them in the clear. Calls come from one gateway thread, never from the broker or an I/O thread, so an
 * implementation may block on I/O.
 */
public interface SessionStore {
    /** Keeps nothing: sessions live in memory only and end with the process. */
    SessionStore NONE = new SessionStore() {
        @Override
        public List<StoredSession> loadAll() {
            return List.of();
        }

        @Override
        public List<StoredRetained> loadRetained() {
            return List.of();
        }

        @Override
        public void write(List<SessionChange> changes) {}

        @Override
        public boolean durable() {
            return false;
        }
    };

    /**
     * Every stored session with its messages in {@code seq} order and its pending will; called once, before the
     * gateway listens.
     */
    List<StoredSession> loadAll();

    /**
     * Every stored retained message, oldest first; called once, before {@link #loadAll()}. One the store cannot
     * read (its thing was erased) is left out and deleted.
     */
    List<StoredRetained> loadRetained();

    /**
     * Applies the changes in order, atomically, and returns once they are durable. A change the store refuses for a
     * reason of its own (say, the thing's data was erased) is skipped, not an error; an exception means nothing of
     * the batch was written.
     */
    void write(List<SessionChange> changes);

    /** False for {@link #NONE}: the broker then records no changes at all. */
    default boolean durable() {
        return true;
    }
}
