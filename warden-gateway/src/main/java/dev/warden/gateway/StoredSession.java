package dev.warden.gateway;

import java.util.List;

/**
 * A persistent session as {@link SessionStore#loadAll()} returns it.
 *
 * @param disconnectedAtMillis when its client went offline (epoch ms), or 0 if one was connected when the broker
 *                             stopped: its expiry then starts at the restart
 * @param messages             its QoS 1/2 messages, oldest first
 * @param will                 the will its client left waiting (MQTT 5 will delay), or null
 */
public record StoredSession(
        String clientId,
        String thing,
        long expirySeconds,
        long disconnectedAtMillis,
        byte[] subscriptions,
        List<HeldMessage> messages,
        PendingWill will) {

    public StoredSession {
        messages = List.copyOf(messages);
    }

    /** A session with no pending will. */
    public StoredSession(
            String clientId,
            String thing,
            long expirySeconds,
            long disconnectedAtMillis,
            byte[] subscriptions,
            List<HeldMessage> messages) {
        this(clientId, thing, expirySeconds, disconnectedAtMillis, subscriptions, messages, null);
    }

    /** One held message; {@code packetId} 0 means queued, not yet sent. */
    public record HeldMessage(long seq, int packetId, boolean released, byte[] message) {}

    /** A will waiting for its delay: published at {@code dueAtMillis} (epoch ms) unless its client comes back. */
    public record PendingWill(long dueAtMillis, byte[] will) {}
}
