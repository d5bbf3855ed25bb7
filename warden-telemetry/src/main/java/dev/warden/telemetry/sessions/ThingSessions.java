package dev.warden.telemetry.sessions;

import dev.warden.gateway.MqttGateway;

/**
 * A thing's MQTT sessions and retained messages, for when the thing goes: deleted, or its data erased. Ends the
 * sessions in the running gateway (a connected client is cut off; an offline session is discarded with the messages
 * it holds and the will it left waiting, unpublished), drops the retained messages the thing published, and deletes
 * whatever the store still has of either.
 */
public final class ThingSessions {
    private final EncryptedSessionStore store;
    private volatile MqttGateway gateway;

    /** What {@link #drop} ended: sessions, and retained messages the thing had published. */
    public record Dropped(int sessions, int retained) {}

    public ThingSessions(EncryptedSessionStore store) {
        this.store = store;
    }

    /** The gateway whose sessions to end; until then only stored sessions are deleted. */
    public void attach(MqttGateway running) {
        this.gateway = running;
    }

    /** Ends and deletes every session of the thing and every retained message it published. */
    public Dropped drop(String thing) {
        MqttGateway g = gateway;
        int liveSessions = g == null ? 0 : g.dropSessions(thing);
        int liveRetained = g == null ? 0 : g.dropRetained(thing);
        // The gateway's deletions are written by now; what is left was stored only (say, the gateway is not up).
        return new Dropped(liveSessions + store.deleteThing(thing), liveRetained + store.deleteRetainedOf(thing));
    }

    public EncryptedSessionStore store() {
        return store;
    }
}
