package dev.warden.server.gateway;

import dev.warden.gateway.MqttGateway;

/**
 * A thing's MQTT sessions, for when the thing goes: deleted, or its data erased. Ends them in the running gateway
 * (a connected client is cut off; an offline session is discarded with the messages it holds) and deletes whatever
 * the store still has of them.
 */
public final class ThingSessions {
    private final EncryptedSessionStore store;
    private volatile MqttGateway gateway;

    public ThingSessions(EncryptedSessionStore store) {
        this.store = store;
    }

    /** The gateway whose sessions to end; until then only stored sessions are deleted. */
    public void attach(MqttGateway running) {
        this.gateway = running;
    }

    /** Ends and deletes every session of the thing; returns how many there were. */
    public int drop(String thing) {
        MqttGateway g = gateway;
        int live = g == null ? 0 : g.dropSessions(thing);
        return live + store.deleteThing(thing);
    }

    public EncryptedSessionStore store() {
        return store;
    }
}
