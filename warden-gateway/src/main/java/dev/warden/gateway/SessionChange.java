package dev.warden.gateway;

/**
 * One change to what the broker keeps in its {@link SessionStore}, in the order the broker made it: a persistent
 * session (its row, its held messages, its pending will) or a retained message. {@code seq} numbers a message within
 * the whole broker (unique, increasing); {@code packetId} 0 means queued, not yet sent. {@code subscriptions},
 * {@code message} and {@code will} are opaque encodings of device-derived data (see {@link SessionStore}); {@code
 * thing} names the thing whose data key must protect them.
 */
public sealed interface SessionChange {
    /** Creates or replaces the session's row. {@code disconnectedAtMillis} 0 means a client is connected now. */
    record Save(String clientId, String thing, long expirySeconds, long disconnectedAtMillis, byte[] subscriptions)
            implements SessionChange {}

    /** Deletes the session, every message it holds and its pending will. */
    record Delete(String clientId, String thing) implements SessionChange {}

    /** Adds a message to the session. */
    record PutMessage(String clientId, String thing, long seq, int packetId, boolean released, byte[] message)
            implements SessionChange {}

    /** A held message was sent ({@code packetId}) or, for QoS 2, its PUBREC came ({@code released}). */
    record MarkMessage(String clientId, long seq, int packetId, boolean released) implements SessionChange {}

    /** A held message was acknowledged, refused, expired or dropped. */
    record RemoveMessage(String clientId, long seq) implements SessionChange {}

    /**
     * The session's client went away with a will that waits (MQTT 5 will delay): it is due at {@code dueAtMillis}
     * (epoch ms) unless the client comes back first. At most one per session; a later one replaces it.
     */
    record PutWill(String clientId, String thing, long dueAtMillis, byte[] will) implements SessionChange {}

    /** The session's pending will was published or cancelled. */
    record RemoveWill(String clientId) implements SessionChange {}

    /**
     * A retained message, stored under {@code id}: a random name that says nothing of its topic (the topic is
     * device data, inside {@code message}). {@code thing} is the thing that published it. A message that replaces
     * another on the same topic comes as {@link RemoveRetained} of the old id, then this with a new id.
     */
    record PutRetained(String id, String thing, byte[] message) implements SessionChange {}

    /** A retained message was cleared, replaced, expired or dropped with its thing. */
    record RemoveRetained(String id) implements SessionChange {}
}
