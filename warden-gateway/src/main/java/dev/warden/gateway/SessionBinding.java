package dev.warden.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker's side of one connection: the session it is attached to (broker thread only) and its acknowledgements
 * that wait for the session journal (counted from the broker and the journal writer threads).
 */
final class SessionBinding {
    private final MqttConnection connection;
    /** The session the connection attached to; broker thread only (see {@link #current}). */
    private Session session;
    /** PUBACKs/PUBRECs waiting for the session journal; later ones wait behind them to keep their order. */
    private final AtomicInteger deferredAcks = new AtomicInteger();

    SessionBinding(MqttConnection connection) {
        this.connection = connection;
    }

    /** The session the connection has, or null: none yet, or taken over by a newer connection. */
    Session current() {
        Session s = session;
        return s != null && s.isOwnedBy(connection) ? s : null;
    }

    /** The connection has {@code session} now (CONNECT accepted). */
    void bind(Session session) {
        this.session = session;
    }

    /** Returns the session the connection was bound to (even if taken over since), and forgets it. */
    Session unbind() {
        Session s = session;
        session = null;
        return s;
    }

    /** Whether acknowledgements of the connection still wait for the journal; later ones must wait behind them. */
    boolean hasDeferredAcks() {
        return deferredAcks.get() != 0;
    }

    /** An acknowledgement waits for the journal now. */
    void deferAck() {
        deferredAcks.incrementAndGet();
    }

    /** A waiting acknowledgement was written (journal writer thread). */
    void deferredAckWritten() {
        deferredAcks.decrementAndGet();
    }
}
