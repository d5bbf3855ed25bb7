package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions, subscriptions, retained messages and routing. All state is confined to one broker thread; I/O threads
 * hand work over through the {@link BrokerInbox}. Connections decide authentication and iot:Connect/Publish/Subscribe before
 * handing over; the broker decides iot:Receive at delivery.
 *
 * <p>Persistent sessions (session expiry above zero), the wills their clients left waiting and retained messages
 * are recorded in the {@link SessionJournal} as they change and {@link #restore restored} at start. A QoS 1/2
 * PUBLISH that made a persistent session hold a new message, or that was retained, is acknowledged (PUBACK/PUBREC)
 * only once that is written; the acknowledgements of one connection keep their order, so later ones wait behind it
 * too.
 */
final class Broker {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final ScheduledExecutorService loop;
    private final GatewayLimits limits;
    private final SlowConsumerPolicy slowConsumers;
    private final GatewayEvents events;
    private final FlowCounters counters;
    private final PublishListener publishes;
    private final Map<String, Session> sessions = new HashMap<>();
    private final RetainedMessages retained;
    private final Map<String, SharedGroup> sharedGroups = new HashMap<>();
    private final SubscriptionIndex index = new SubscriptionIndex();
    /** The subscriptions one PUBLISH matched, reused by {@link #route}; {@code routing} while it is in use. */
    private final Map<String, Subscription> matched = new HashMap<>();
    private boolean routing;
    private final SessionJournal journal;
    private final BrokerInbox inbox = new BrokerInbox(this::runAll);

    /** The members of one shared subscription, served round-robin. */
    private static final class SharedGroup {
        final String filter;
        final List<String> members = new ArrayList<>();
        int next;

        SharedGroup(String filter) {
            this.filter = filter;
        }
    }

    /** What a CONNECT asks of its session. */
    record Attach(boolean cleanStart, long sessionExpirySeconds, MqttProperties connAckProperties) {
    }

    /** One topic filter of a SUBSCRIBE, already validated and authorized, or the failure code to return. */
    record SubscribeRequest(Subscription subscription, int failureCode) {
    }

    Broker(ScheduledExecutorService loop, GatewayLimits limits, SlowConsumerPolicy slowConsumers,
            GatewayEvents events, FlowCounters counters, PublishListener publishes, SessionJournal journal) {
        this.loop = loop;
        this.journal = journal;
        this.publishes = publishes;
        this.limits = limits;
        this.slowConsumers = slowConsumers;
        this.events = events;
        this.counters = counters;
        this.retained = new RetainedMessages(limits.maxRetainedMessages(), journal);
    }

    /** Runs {@code task} on the broker thread (from any thread but an I/O thread: those use {@link #inbox()}). */
    void execute(Runnable task) {
        loop.execute(() -> run(task));
    }

    /** How I/O threads hand work over: in batches, each connection's in order. */
    BrokerInbox inbox() {
        return inbox;
    }

    private void runAll(List<Runnable> tasks) {
        loop.execute(() -> tasks.forEach(Broker::run));
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Broker task failed", e);
        }
    }

    void attach(MqttConnection connection, Attach request) {
        if (!connection.isActive()) {
            return;
        }
        Session existing = sessions.get(connection.clientId());
        if (existing != null && existing.connection != null) {
            existing.connection.kick(DisconnectCause.SESSION_TAKEN_OVER, ReasonCode.SESSION_TAKEN_OVER);
            existing.connection.session = null;
            existing.connection = null;
        }
        boolean present = existing != null && !request.cleanStart();
        if (existing != null && existing.will != null) {
            if (present) {
                // The client came back to its session within the will delay: the will is not sent (MQTT 5).
                dropWill(existing);
            } else {
                // A clean start ends the old session, and a will waits at most until its session ends.
                publishWill(existing);
            }
        }
        Session session;
        if (present) {
            session = existing;
            if (session.expiryTask != null) {
                session.expiryTask.cancel(false);
                session.expiryTask = null;
            }
            dropSubscriptionsNoLongerAllowed(session, connection.authorizer());
        } else {
            if (existing != null) {
                discard(existing);
            }
            session = newSession(connection.clientId());
        }
        String thing = connection.identity().thingName();
        if (session.stored && !thing.equals(session.thing)) {
            // Another thing took the client ID over (only when client IDs are not bound to thing names): what is
            // stored is under the old thing's key, so it is stored afresh under the new one.
            journal.record(new SessionChange.Delete(session.clientId, session.thing));
            session.stored = false;
        }
        session.thing = thing;
        session.expirySeconds = request.sessionExpirySeconds();
        session.connection = connection;
        storeOnAttach(session);
        connection.session = session;
        connection.write(Packets.connAckAccepted(present, request.connAckProperties()));
        session.resume();
    }

    /** The connection closed. {@code will} is null when none is due (clean DISCONNECT, revocation). */
    void detach(MqttConnection connection, Message will) {
        detach(connection, will, 0);
    }

    /**
     * The connection closed. The will waits {@code willDelaySeconds} (MQTT 5), or until the session ends if that
     * comes first, and is dropped if the client reconnects to its session in the meantime.
     */
    void detach(MqttConnection connection, Message will, long willDelaySeconds) {
        Session session = connection.session;
        connection.session = null;
        boolean own = session != null && session.connection == connection;
        long delay = own ? Math.min(willDelaySeconds, session.expirySeconds) : 0;
        if (will != null && delay <= 0) {
            DeviceIdentity identity = connection.identity();
            distribute(will, identity == null ? null : identity.thingName());
        }
        if (!own) {
            return;
        }
        session.connection = null;
        if (session.expirySeconds == 0) {
            discard(session);
            return;
        }
        long nowMillis = System.currentTimeMillis();
        save(session, nowMillis);
        if (will != null && delay > 0) {
            holdWill(session, will, nowMillis + delay * 1000L);
            if (session.stored) {
                // Stored, so that a restart within the delay still sends it when due (unless the client returns).
                journal.record(new SessionChange.PutWill(session.clientId, session.thing, session.will.dueAtMillis(),
                        SessionCodec.message(will, System.nanoTime(), nowMillis)));
            }
        }
        scheduleExpiry(session, session.expirySeconds);
    }

    /** Keeps the session's will until {@code dueAtMillis}, then publishes it unless a client resumed the session. */
    private void holdWill(Session session, Message will, long dueAtMillis) {
        long delayMillis = Math.max(0, dueAtMillis - System.currentTimeMillis());
        session.will = new Session.PendingWill(will, dueAtMillis, loop.schedule(() -> execute(() -> {
            if (sessions.get(session.clientId) == session && session.connection == null) {
                publishWill(session);
            }
        }), delayMillis, TimeUnit.MILLISECONDS));
    }

    /** Publishes the session's pending will now (its delay is over, or its session ends), as its thing. */
    private void publishWill(Session session) {
        Session.PendingWill will = session.will;
        if (will != null) {
            dropWill(session);
            distribute(will.message(), session.thing);
        }
    }

    /** Forgets the session's pending will, if any, here and in the store. */
    private void dropWill(Session session) {
        Session.PendingWill will = session.will;
        if (will == null) {
            return;
        }
        session.will = null;
        will.task().cancel(false);
        if (session.stored) {
            journal.record(new SessionChange.RemoveWill(session.clientId));
        }
    }

    private void scheduleExpiry(Session session, long seconds) {
        session.expiryTask = loop.schedule(() -> execute(() -> {
            if (session.connection == null && sessions.get(session.clientId) == session) {
                // The session ends: a will still waiting is due now (MQTT 5: delay or session end, whichever first).
                publishWill(session);
                discard(session);
            }
        }), seconds, TimeUnit.SECONDS);
    }

    private Session newSession(String clientId) {
        Session session = new Session(clientId, limits, slowConsumers, counters, journal);
        sessions.put(clientId, session);
        return session;
    }

    /** A persistent session is (re)written whole when it was not stored yet; a session no longer persistent is dropped. */
    private void storeOnAttach(Session session) {
        boolean persistent = journal.enabled() && session.expirySeconds > 0;
        if (persistent && session.stored) {
            save(session, 0);
        } else if (persistent) {
            session.stored = true;
            save(session, 0);
            session.storeAll();
        } else if (session.stored) {
            journal.record(new SessionChange.Delete(session.clientId, session.thing));
            session.stored = false;
        }
    }

    /** Records the session's subscriptions and expiry; {@code disconnectedAtMillis} 0 while a client is connected. */
    private void save(Session session, long disconnectedAtMillis) {
        if (session.stored) {
            journal.record(new SessionChange.Save(session.clientId, session.thing, session.expirySeconds,
                    disconnectedAtMillis, SessionCodec.subscriptions(session.subscriptions.values())));
        }
    }

    /**
     * Brings back the retained messages stored when the broker last stopped, before any client connects and before
     * {@link #restore} (a will published there may replace one).
     */
    void restoreRetained(List<StoredRetained> stored) {
        int restored = retained.restore(stored);
        if (!stored.isEmpty()) {
            LOG.info("Restored {} retained messages; {} expired, unreadable or over the limit deleted", restored,
                    stored.size() - restored);
        }
    }

    /**
     * Brings back the sessions stored when the broker last stopped, before any client connects. Expired ones and
     * ones the broker cannot read are deleted from the store; a session's expiry goes on from when its client went
     * offline (or from now, if one was connected when the broker stopped). A will left waiting goes on waiting until
     * it is due (one that fell due while the broker was down is published right away); the will of a session that
     * expired meanwhile is published once every session is back, so their subscribers get it.
     */
    void restore(List<StoredSession> stored) {
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        int restored = 0;
        int messages = 0;
        List<Runnable> endedWills = new ArrayList<>();
        for (StoredSession s : stored) {
            long offlineSince = s.disconnectedAtMillis() == 0 ? nowMillis : s.disconnectedAtMillis();
            long remainingMillis = Math.min(s.expirySeconds(), limits.maxSessionExpiry().toSeconds()) * 1000L
                    - (nowMillis - offlineSince);
            s.messages().forEach(m -> journal.seqAtLeast(m.seq()));
            if (s.expirySeconds() <= 0 || remainingMillis <= 0 || sessions.containsKey(s.clientId())) {
                Message will = readWill(s, nowNanos, nowMillis);
                if (will != null) {
                    endedWills.add(() -> distribute(will, s.thing()));
                }
                journal.record(new SessionChange.Delete(s.clientId(), s.thing()));
                continue;
            }
            Session session = newSession(s.clientId());
            Message will;
            try {
                session.thing = s.thing();
                session.expirySeconds = s.expirySeconds();
                for (Subscription sub : SessionCodec.subscriptions(s.subscriptions())) {
                    session.subscriptions.put(sub.rawFilter(), sub);
                    index(session, sub);
                }
                for (StoredSession.HeldMessage m : s.messages()) {
                    session.restore(m.seq(), m.packetId(), m.released(),
                            SessionCodec.delivery(m.message(), nowNanos, nowMillis));
                }
                will = s.will() == null ? null : SessionCodec.message(s.will().will(), nowNanos, nowMillis);
            } catch (SessionCodec.UnreadableException e) {
                LOG.warn("Stored session of client {} is unreadable ({}); deleting it", s.clientId(), e.getMessage());
                discard(session);
                journal.record(new SessionChange.Delete(s.clientId(), s.thing()));
                continue;
            }
            session.stored = true;
            if (will != null) {
                // One already due runs at once, on this thread, right after the restore.
                holdWill(session, will, s.will().dueAtMillis());
            }
            scheduleExpiry(session, Math.max(1, (remainingMillis + 999) / 1000));
            restored++;
            messages += s.messages().size();
        }
        endedWills.forEach(Runnable::run);
        if (!stored.isEmpty()) {
            LOG.info("Restored {} persistent sessions holding {} messages; {} expired or unreadable ones deleted, "
                    + "publishing the {} wills they left", restored, messages, stored.size() - restored,
                    endedWills.size());
        }
    }

    /** The will of a session that is not restored, if it has one the broker can read. */
    private static Message readWill(StoredSession s, long nowNanos, long nowMillis) {
        if (s.will() == null) {
            return null;
        }
        try {
            return SessionCodec.message(s.will().will(), nowNanos, nowMillis);
        } catch (SessionCodec.UnreadableException e) {
            LOG.warn("Stored will of client {} is unreadable ({}); dropping it", s.clientId(), e.getMessage());
            return null;
        }
    }

    /**
     * Ends every session of the thing, connected or not, and deletes what the store holds of them (the thing was
     * deleted or its data erased). A will they left waiting is dropped, not published: like a revoked device, a
     * deleted thing publishes nothing more. Returns how many sessions ended.
     */
    int dropThing(String thingName) {
        int dropped = 0;
        for (Session session : List.copyOf(sessions.values())) {
            if (!thingName.equals(session.thing)) {
                continue;
            }
            if (session.connection != null) {
                session.connection.kick(DisconnectCause.REVOKED, ReasonCode.NOT_AUTHORIZED);
                session.connection.session = null;
                session.connection = null;
            }
            if (session.expiryTask != null) {
                session.expiryTask.cancel(false);
            }
            discard(session);
            dropped++;
        }
        return dropped;
    }

    void onPublish(MqttConnection connection, Message message, int packetId) {
        Session session = current(connection);
        if (session == null) {
            return;
        }
        switch (message.qos()) {
            case AT_MOST_ONCE -> {
                notifyListener(connection, message);
                distribute(message, session.thing);
            }
            case AT_LEAST_ONCE -> {
                long since = journal.position();
                notifyListener(connection, message);
                distribute(message, session.thing);
                acknowledge(connection, Packets.pubAck(packetId, ReasonCode.SUCCESS), since);
            }
            default -> {
                long since = journal.position();
                // Routed on PUBLISH, once: a resent PUBLISH with the same ID before PUBREL is not routed again.
                if (!session.inboundQos2.contains(packetId)) {
                    if (session.inboundQos2.size() >= limits.maxInflight()) {
                        connection.kick(DisconnectCause.PROTOCOL_ERROR, ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
                        return;
                    }
                    session.inboundQos2.add(packetId);
                    notifyListener(connection, message);
                    distribute(message, session.thing);
                }
                acknowledge(connection, Packets.pubRec(packetId, ReasonCode.SUCCESS), since);
            }
        }
    }

    /**
     * Sends a PUBACK or PUBREC now, or, when the message now waits in a persistent session (the journal moved past
     * {@code since}) or an earlier acknowledgement of this connection still waits, once the journal has written it.
     * If the write fails the publisher is disconnected unacknowledged, so it sends the message again.
     */
    private void acknowledge(MqttConnection connection, MqttMessage ack, long since) {
        if (journal.position() == since && connection.deferredAcks.get() == 0) {
            connection.write(ack);
            return;
        }
        connection.deferredAcks.incrementAndGet();
        journal.afterDurable(since, () -> {
            connection.write(ack);
            connection.deferredAcks.decrementAndGet();
        }, () -> connection.kick(DisconnectCause.SESSION_STORE_FAILED, ReasonCode.UNSPECIFIED_ERROR));
    }

    private void notifyListener(MqttConnection connection, Message message) {
        DeviceIdentity identity = connection.identity();
        if (identity == null) {
            return;
        }
        try {
            publishes.onPublish(new AcceptedPublish(identity, connection.clientId(), message.topic(), message.payload(),
                    message.qos().value(), message.retain(), System.currentTimeMillis()));
        } catch (RuntimeException e) {
            LOG.error("Publish listener failed on a message of {}; routing goes on", identity.thingName(), e);
        }
    }

    /** Acknowledges a publish the connection refused (MQTT 5), in order with the accepted ones. */
    void refusePublish(MqttConnection connection, int packetId, boolean exactlyOnce, ReasonCode reason) {
        if (current(connection) != null) {
            acknowledge(connection, exactlyOnce ? Packets.pubRec(packetId, reason) : Packets.pubAck(packetId, reason),
                    journal.position());
        }
    }

    void onPubRel(MqttConnection connection, int packetId) {
        Session session = current(connection);
        if (session != null) {
            boolean known = session.inboundQos2.remove(packetId);
            connection.write(Packets.pubComp(packetId, known ? ReasonCode.SUCCESS : ReasonCode.PACKET_ID_NOT_FOUND));
        }
    }

    void onPubAck(MqttConnection connection, int packetId) {
        Session session = current(connection);
        if (session != null) {
            session.onPubAck(packetId);
        }
    }

    void onPubRec(MqttConnection connection, int packetId, int reasonCode) {
        Session session = current(connection);
        if (session != null) {
            ReasonCode release = session.onPubRec(packetId, reasonCode);
            if (release != null) {
                connection.write(Packets.pubRel(packetId, release));
            }
        }
    }

    /** The connection's outbound buffer drained below its low-water mark: queued messages may flow again. */
    void onWritable(MqttConnection connection) {
        Session session = current(connection);
        if (session != null) {
            session.resumeDelivery();
        }
    }

    /** The most QoS 1/2 messages any one session holds in its queue. */
    int largestQueue() {
        int largest = 0;
        for (Session s : sessions.values()) {
            largest = Math.max(largest, s.queued());
        }
        return largest;
    }

    void onPubComp(MqttConnection connection, int packetId) {
        Session session = current(connection);
        if (session != null) {
            session.onPubComp(packetId);
        }
    }

    void subscribe(MqttConnection connection, int packetId, List<SubscribeRequest> requests) {
        Session session = current(connection);
        if (session == null) {
            return;
        }
        List<Integer> codes = new ArrayList<>(requests.size());
        List<Subscription> wantRetained = new ArrayList<>();
        for (SubscribeRequest request : requests) {
            Subscription sub = request.subscription();
            if (sub == null) {
                codes.add(request.failureCode());
                continue;
            }
            boolean existed = session.subscriptions.containsKey(sub.rawFilter());
            if (!existed && session.subscriptions.size() >= limits.maxSubscriptionsPerClient()) {
                codes.add(connection.isMqtt5() ? ReasonCode.QUOTA_EXCEEDED.code : 0x80);
                continue;
            }
            session.subscriptions.put(sub.rawFilter(), sub);
            index(session, sub);
            if (!sub.shared() && (sub.retainHandling() == 0 || (sub.retainHandling() == 1 && !existed))) {
                wantRetained.add(sub);
            }
            codes.add(sub.qos().value());
            events.subscribed(session.clientId, sub.rawFilter(), sub.qos().value());
        }
        save(session, 0);
        connection.write(Packets.subAck(packetId, codes));
        long now = System.nanoTime();
        for (Subscription sub : wantRetained) {
            for (Message m : retained.matching(sub.filter(), now)) {
                // Retained messages sent because of a new subscription always carry RETAIN=1.
                Delivery d = Delivery.of(m, sub);
                session.offer(new Delivery(m, d.qos(), true));
            }
        }
    }

    void unsubscribe(MqttConnection connection, int packetId, List<String> filters) {
        Session session = current(connection);
        if (session == null) {
            return;
        }
        List<Short> codes = new ArrayList<>(filters.size());
        for (String filter : filters) {
            Subscription removed = session.subscriptions.remove(filter);
            if (removed != null) {
                forget(session, removed);
            }
            codes.add((short) (removed != null ? ReasonCode.SUCCESS.code : ReasonCode.NO_SUBSCRIPTION_EXISTED.code));
        }
        save(session, 0);
        connection.write(Packets.unsubAck(packetId, codes));
    }

    /** Deletes the retained messages the thing published (it was deleted or its data erased); returns how many. */
    int dropRetained(String thingName) {
        return retained.dropThing(thingName);
    }

    /** Kicks every connection (server shutdown). */
    void disconnectAll() {
        for (Session s : sessions.values()) {
            if (s.connection != null) {
                s.connection.kick(DisconnectCause.SERVER_SHUTDOWN, ReasonCode.SERVER_SHUTTING_DOWN);
            }
        }
    }

    /** Policies may have changed while the session was offline: what they no longer allow is unsubscribed. */
    private void dropSubscriptionsNoLongerAllowed(Session session, Authorizer authorizer) {
        for (Subscription sub : List.copyOf(session.subscriptions.values())) {
            if (!authorizer.maySubscribe(sub.rawFilter())) {
                session.subscriptions.remove(sub.rawFilter());
                forget(session, sub);
            }
        }
    }

    /** Adds a subscription to the routing structures (the caller adds it to the session). */
    private void index(Session session, Subscription sub) {
        if (!sub.shared()) {
            index.put(session.clientId, sub);
            return;
        }
        SharedGroup group = sharedGroups.computeIfAbsent(sub.rawFilter(), k -> new SharedGroup(sub.filter()));
        if (!group.members.contains(session.clientId)) {
            group.members.add(session.clientId);
        }
    }

    private Session current(MqttConnection connection) {
        Session session = connection.session;
        return session != null && session.connection == connection ? session : null;
    }

    /**
     * Sends a message to one client only, on the first of its subscriptions that matches the topic (a reply to its
     * own request, which other clients of the same claim must not see); nothing if it has none.
     */
    void deliverTo(String clientId, Message message) {
        Session session = sessions.get(clientId);
        if (session == null) {
            return;
        }
        for (Subscription sub : session.subscriptions.values()) {
            if (Topics.matches(sub.filter(), message.topic())) {
                session.offer(Delivery.of(message, sub));
                return;
            }
        }
    }

    /** Retains (if asked) and routes a message {@code thing} published; its key encrypts the stored copy. */
    private void distribute(Message message, String thing) {
        if (message.retain()) {
            retained.retain(message, thing);
        }
        route(message);
    }

    private void route(Message message) {
        // One map for every PUBLISH; a route started while another runs (none does today) gets its own.
        boolean nested = routing;
        Map<String, Subscription> matched = nested ? new HashMap<>() : this.matched;
        routing = true;
        try {
            index.match(message.topic(), message.publisherId(), matched);
            for (Map.Entry<String, Subscription> e : matched.entrySet()) {
                Session session = sessions.get(e.getKey());
                if (session != null) {
                    session.offer(Delivery.of(message, e.getValue()));
                }
            }
        } finally {
            matched.clear();
            routing = nested;
        }
        for (Map.Entry<String, SharedGroup> e : sharedGroups.entrySet()) {
            SharedGroup group = e.getValue();
            if (!group.members.isEmpty() && Topics.matches(group.filter, message.topic())) {
                Session target = pickMember(group);
                Subscription sub = target == null ? null : target.subscriptions.get(e.getKey());
                if (sub != null) {
                    target.offer(Delivery.of(message, sub));
                }
            }
        }
    }

    /** Round-robin over the group, preferring connected members; an offline persistent member queues. */
    private Session pickMember(SharedGroup group) {
        int n = group.members.size();
        Session fallback = null;
        for (int i = 0; i < n; i++) {
            int index = (group.next + i) % n;
            Session candidate = sessions.get(group.members.get(index));
            if (candidate == null) {
                continue;
            }
            if (candidate.connection != null) {
                group.next = (index + 1) % n;
                return candidate;
            }
            if (fallback == null) {
                fallback = candidate;
            }
        }
        group.next = (group.next + 1) % n;
        return fallback;
    }

    /** Ends the session here and in the store; a will it still holds goes with it unpublished. */
    private void discard(Session session) {
        dropWill(session);
        sessions.remove(session.clientId, session);
        if (session.stored) {
            journal.record(new SessionChange.Delete(session.clientId, session.thing));
            session.stored = false;
        }
        for (Subscription sub : session.subscriptions.values()) {
            forget(session, sub);
        }
        session.dropAll();
    }

    /** Removes a subscription from the routing structures (the caller removes it from the session). */
    private void forget(Session session, Subscription sub) {
        if (sub.shared()) {
            leaveGroup(sub.rawFilter(), session.clientId);
        } else {
            index.remove(session.clientId, sub);
        }
    }

    private void leaveGroup(String rawFilter, String clientId) {
        SharedGroup group = sharedGroups.get(rawFilter);
        if (group != null) {
            group.members.remove(clientId);
            if (group.members.isEmpty()) {
                sharedGroups.remove(rawFilter);
            } else {
                group.next = group.next % group.members.size();
            }
        }
    }
}
