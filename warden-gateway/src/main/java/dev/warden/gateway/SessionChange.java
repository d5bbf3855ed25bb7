package dev.warden.gateway;

/**
 * One change to a stored persistent session, in the order the broker made it. {@code seq} numbers a message within
 * the whole broker (unique, increasing); {@code packetId} 0 means queued, not yet sent. {@code subscriptions} and
 * {@code message} are opaque encodings of device-derived data (see {@link SessionStore}).
 */
public sealed interface SessionChange {
    String clientId();

    /** Creates or replaces the session's row. {@code disconnectedAtMillis} 0 means a client is connected now. */
    record Save(String clientId, String thing, long expirySeconds, long disconnectedAtMillis, byte[] subscriptions)
            implements SessionChange {}

    /** Deletes the session and every message it holds. */
    record Delete(String clientId, String thing) implements SessionChange {}

    /** Adds a message to the session. */
    record PutMessage(String clientId, String thing, long seq, int packetId, boolean released, byte[] message)
            implements SessionChange {}

    /** A held message was sent ({@code packetId}) or, for QoS 2, its PUBREC came ({@code released}). */
    record MarkMessage(String clientId, long seq, int packetId, boolean released) implements SessionChange {}

    /** A held message was acknowledged, refused, expired or dropped. */
    record RemoveMessage(String clientId, long seq) implements SessionChange {}
}
