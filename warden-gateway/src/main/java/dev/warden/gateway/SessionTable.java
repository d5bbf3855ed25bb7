package dev.warden.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The sessions by client ID and their lifecycle: created or resumed when a client connects (taking them over from an
 * older connection), kept offline until they expire, ended; and the wills their clients leave waiting. Broker thread
 * only; it schedules on the broker thread's executor and its timers run their work there too.
 *
 * <p>(Not {@link SessionRegistry}: that one is the thread-safe set of live connections, for revocation.)
 */
final class SessionTable {
    private final Map<String, Session> sessions = new HashMap<>();
    private final ScheduledExecutorService loop;
    /** Runs a task on the broker thread (from a timer). */
    private final Executor brokerThread;

    private final GatewayLimits limits;
    private final SlowConsumerPolicy slowConsumers;
    private final PublisherHolds holds;
    private final FlowCounters counters;
    private final SessionJournal journal;
    private final Subscriptions subscriptions;
    /** Publishes a will as its thing: retained if asked, and routed. */
    private final BiConsumer<Message, String> publish;

    private final GatewayEvents events;

    SessionTable(
            ScheduledExecutorService loop,
            Executor brokerThread,
            GatewayLimits limits,
            SlowConsumerPolicy slowConsumers,
            PublisherHolds holds,
            FlowCounters counters,
            SessionJournal journal,
            Subscriptions subscriptions,
            BiConsumer<Message, String> publish,
            GatewayEvents events) {
        this.loop = loop;
        this.brokerThread = brokerThread;
        this.limits = limits;
        this.slowConsumers = slowConsumers;
        this.holds = holds;
        this.counters = counters;
        this.journal = journal;
        this.subscriptions = subscriptions;
        this.publish = publish;
        this.events = events;
    }

    /** The session of this client ID, or null. */
    Session get(String clientId) {
        return sessions.get(clientId);
    }

    boolean contains(String clientId) {
        return sessions.containsKey(clientId);
    }

    /** A CONNECT was accepted: the connection takes its session (a new one, or the one it resumes) and gets CONNACK. */
    void attach(MqttConnection connection, Broker.Attach request) {
        if (!connection.isActive()) {
            return;
        }
        Session existing = sessions.get(connection.clientId());
        String thing = connection.identity().thingName();
        if (existing != null) {
            MqttConnection previous = existing.connection();
            existing.cutOff(DisconnectCause.SESSION_TAKEN_OVER, ReasonCode.SESSION_TAKEN_OVER);
            if (previous != null) {
                events.sessionTakenOver(
                        connection.clientId(),
                        previous.identity(),
                        previous.sourceIp(),
                        connection.identity(),
                        connection.sourceIp());
            }
        }
        // A session is resumed only by its own thing: one whose policies let it use another thing's client ID takes
        // the client ID over, never that thing's subscriptions and held messages.
        boolean present = existing != null && !request.cleanStart() && thing.equals(existing.thing());
        if (existing != null && existing.hasWill()) {
            if (present) {
                // The client came back to its session within the will delay: the will is not sent (MQTT 5).
                existing.dropWill();
            } else {
                // A clean start ends the old session, and a will waits at most until its session ends.
                publishWill(existing);
            }
        }
        Session session;
        if (present) {
            session = existing;
            session.cancelExpiry();
            subscriptions.dropNoLongerAllowed(session, connection.authorizer());
        } else {
            if (existing != null) {
                discard(existing);
            }
            session = newSession(connection.clientId());
        }
        session.attach(connection, thing, request.sessionExpirySeconds());
        connection.binding().bind(session);
        connection.write(Packets.connAckAccepted(present, request.connAckProperties()));
        session.resume();
    }

    /**
     * The connection closed. The will ({@code null} when none is due: clean DISCONNECT, revocation) waits
     * {@code willDelaySeconds} (MQTT 5), or until the session ends if that comes first, and is dropped if the client
     * reconnects to its session in the meantime.
     */
    void detach(MqttConnection connection, Message will, long willDelaySeconds) {
        Session session = connection.binding().unbind();
        boolean own = session != null && session.isOwnedBy(connection);
        long delay = own ? Math.min(willDelaySeconds, session.expirySeconds()) : 0;
        if (will != null && delay <= 0) {
            DeviceIdentity identity = connection.identity();
            publish.accept(will, identity == null ? null : identity.thingName());
        }
        if (!own) {
            return;
        }
        session.detach();
        if (session.expirySeconds() == 0) {
            discard(session);
            return;
        }
        long nowMillis = System.currentTimeMillis();
        session.save(nowMillis);
        if (will != null && delay > 0) {
            holdWill(session, will, nowMillis + delay * 1000L);
            // Stored, so that a restart within the delay still sends it when due (unless the client returns).
            session.storeWill(nowMillis);
        }
        scheduleExpiry(session, session.expirySeconds());
    }

    /** Keeps the session's will until {@code dueAtMillis}, then publishes it unless a client resumed the session. */
    void holdWill(Session session, Message will, long dueAtMillis) {
        long delayMillis = Math.max(0, dueAtMillis - System.currentTimeMillis());
        session.holdWill(new Session.PendingWill(
                will,
                dueAtMillis,
                loop.schedule(
                        () -> brokerThread.execute(() -> {
                            if (sessions.get(session.clientId()) == session && !session.isOnline()) {
                                publishWill(session);
                            }
                        }),
                        delayMillis,
                        TimeUnit.MILLISECONDS)));
    }

    /** Publishes the session's pending will now (its delay is over, or its session ends), as its thing. */
    private void publishWill(Session session) {
        Message will = session.dropWill();
        if (will != null) {
            publish.accept(will, session.thing());
        }
    }

    /** Ends the offline session after {@code seconds}, publishing a will it still holds. */
    void scheduleExpiry(Session session, long seconds) {
        session.expireWith(loop.schedule(
                () -> brokerThread.execute(() -> {
                    if (!session.isOnline() && sessions.get(session.clientId()) == session) {
                        // The session ends: a will still waiting is due now (MQTT 5: delay or session end, whichever
                        // first).
                        publishWill(session);
                        discard(session);
                    }
                }),
                seconds,
                TimeUnit.SECONDS));
    }

    Session newSession(String clientId) {
        Session session = new Session(clientId, limits, slowConsumers, counters, journal, holds);
        sessions.put(clientId, session);
        return session;
    }

    /** Ends the session here and in the store; a will it still holds goes with it unpublished. */
    void discard(Session session) {
        session.dropWill();
        sessions.remove(session.clientId(), session);
        session.unstore();
        subscriptions.removeAll(session);
        session.dropAll();
    }

    /**
     * Ends every session of the thing, connected or not, and deletes what the store holds of them. A will they left
     * waiting is dropped, not published: like a revoked device, a deleted thing publishes nothing more. Returns how
     * many sessions ended.
     */
    int dropThing(String thingName) {
        int dropped = 0;
        for (Session session : List.copyOf(sessions.values())) {
            if (!thingName.equals(session.thing())) {
                continue;
            }
            session.cutOff(DisconnectCause.REVOKED, ReasonCode.NOT_AUTHORIZED);
            session.cancelExpiry();
            discard(session);
            dropped++;
        }
        return dropped;
    }

    /** Kicks every connection (server shutdown). */
    void disconnectAll() {
        for (Session s : sessions.values()) {
            s.kick(DisconnectCause.SERVER_SHUTDOWN, ReasonCode.SERVER_SHUTTING_DOWN);
        }
    }

    /** The most QoS 1/2 messages any one session holds in its queue. */
    /** Whether {@code clientId} has a session with a connection now. */
    boolean isConnected(String clientId) {
        Session s = sessions.get(clientId);
        return s != null && s.connection() != null;
    }

    int largestQueue() {
        int largest = 0;
        for (Session s : sessions.values()) {
            largest = Math.max(largest, s.queued());
        }
        return largest;
    }
}
