package dev.warden.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * The broker-side state of one client ID, kept across connections when the session is persistent: which connection
 * has it, its thing and expiry, its subscriptions, the will its last client left waiting, inbound QoS 2 packet IDs
 * awaiting PUBREL, and (in its {@link InflightWindow}) the outbound QoS 1/2 messages it holds. Confined to the broker
 * thread: no method may be called from anywhere else, and no other class touches its fields.
 *
 * <p>While stored (a persistent session, with a durable {@link SessionStore}), every change is recorded in the
 * {@link SessionJournal}: its subscriptions and expiry, its will, and the messages it holds.
 */
final class Session {
    /** A will waiting for its delay (MQTT 5), due at {@code dueAtMillis} (epoch ms); {@code task} publishes it. */
    record PendingWill(Message message, long dueAtMillis, ScheduledFuture<?> task) {}

    private final String clientId;
    /** By raw filter (with its {@code $share/<group>/} prefix), in the order they were made. */
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    private final Collection<Subscription> subscriptionsView =
            Collections.unmodifiableCollection(subscriptions.values());
    /** How many of the subscriptions have a Subscription Identifier. */
    private int identified;
    /** Inbound QoS 2 packet IDs received (and routed) whose PUBREL has not come yet. */
    private final Set<Integer> inboundQos2 = new HashSet<>();

    private final InflightWindow outbound;
    private final int maxInflight;
    private final SessionJournal journal;
    /** The connection that has this session now, or null while offline. */
    private MqttConnection connection;
    /** The thing whose client this is (its data key encrypts the stored session). */
    private String thing;

    private long expirySeconds;
    /** The store holds this session: changes to it are recorded. */
    private boolean stored;

    private ScheduledFuture<?> expiryTask;
    /** The will the last client left waiting, or null: dropped if a client resumes the session first. */
    private PendingWill will;

    Session(
            String clientId,
            GatewayLimits limits,
            SlowConsumerPolicy slowConsumers,
            FlowCounters counters,
            SessionJournal journal,
            PublisherHolds holds) {
        this.clientId = clientId;
        this.journal = journal;
        this.maxInflight = limits.maxInflight();
        this.outbound = new InflightWindow(this, limits, slowConsumers, counters, journal, holds);
    }

    // ---- identity, connection and lifecycle -------------------------------------------------------------------

    String clientId() {
        return clientId;
    }

    /** The thing whose client this is; null until a client attached or the session was restored. */
    String thing() {
        return thing;
    }

    long expirySeconds() {
        return expirySeconds;
    }

    /** The connection that has this session now, or null while offline. */
    MqttConnection connection() {
        return connection;
    }

    /** Whether the store holds this session, so that changes to it are recorded. */
    boolean isStored() {
        return stored;
    }

    boolean isOnline() {
        return connection != null;
    }

    /** Whether {@code candidate} is the connection that has this session now. */
    boolean isOwnedBy(MqttConnection candidate) {
        return connection == candidate;
    }

    /**
     * {@code connection} of {@code thing} takes the session, asking for {@code expirySeconds}. What the store holds
     * follows: written whole when the session became persistent (or under a new thing), deleted when it no longer is.
     */
    void attach(MqttConnection connection, String thing, long expirySeconds) {
        if (stored && !thing.equals(this.thing)) {
            // Another thing took the client ID over (only when client IDs are not bound to thing names): what is
            // stored is under the old thing's key, so it is stored afresh under the new one.
            unstore();
        }
        this.thing = thing;
        this.expirySeconds = expirySeconds;
        if (this.connection != connection) {
            outbound.disconnected();
        }
        this.connection = connection;
        boolean persistent = journal.enabled() && expirySeconds > 0;
        if (persistent && stored) {
            save(0);
        } else if (persistent) {
            stored = true;
            save(0);
            outbound.recordAll();
        } else {
            unstore();
        }
    }

    /** Its connection closed; the session stays (offline) until it expires or is discarded. */
    void detach() {
        connection = null;
        outbound.disconnected();
    }

    /** Ends the connection that has the session, if any, and leaves the session offline. */
    void cutOff(DisconnectCause why, ReasonCode reason) {
        MqttConnection c = connection;
        if (c != null) {
            c.kick(why, reason);
            c.binding().unbind();
            connection = null;
            outbound.disconnected();
        }
    }

    /** Kicks the connection that has the session, if any (it detaches when it has closed). */
    void kick(DisconnectCause why, ReasonCode reason) {
        if (connection != null) {
            connection.kick(why, reason);
        }
    }

    /**
     * Its client's DISCONNECT changed the expiry: applied when the client detaches (saved with it, or the session
     * ends there if it is now 0).
     */
    void changeExpiry(long seconds) {
        expirySeconds = seconds;
    }

    /** A session brought back from the store (no client attached): its thing and expiry. */
    void restored(String thing, long expirySeconds) {
        this.thing = thing;
        this.expirySeconds = expirySeconds;
    }

    /** What the store holds is this session: changes from now on are recorded. */
    void markStored() {
        stored = true;
    }

    /** Deletes the session from the store, if it is there; nothing is recorded for it afterwards. */
    void unstore() {
        if (stored) {
            journal.record(new SessionChange.Delete(clientId, thing));
            stored = false;
        }
    }

    /** Records the session's subscriptions and expiry; {@code disconnectedAtMillis} 0 while a client is connected. */
    void save(long disconnectedAtMillis) {
        if (stored) {
            journal.record(new SessionChange.Save(
                    clientId,
                    thing,
                    expirySeconds,
                    disconnectedAtMillis,
                    SessionCodec.subscriptions(subscriptions.values())));
        }
    }

    /** {@code task} ends the session when it expires; replaces nothing (a resumed session cancels it first). */
    void expireWith(ScheduledFuture<?> task) {
        expiryTask = task;
    }

    void cancelExpiry() {
        if (expiryTask != null) {
            expiryTask.cancel(false);
            expiryTask = null;
        }
    }

    // ---- the will its last client left waiting -----------------------------------------------------------------

    boolean hasWill() {
        return will != null;
    }

    /** Keeps {@code will} until it is due ({@code task} publishes it then). */
    void holdWill(PendingWill will) {
        this.will = will;
    }

    /** Records the will held, so that a restart within its delay still sends it when due. */
    void storeWill(long nowMillis) {
        if (stored && will != null) {
            journal.record(new SessionChange.PutWill(
                    clientId,
                    thing,
                    will.dueAtMillis(),
                    SessionCodec.message(will.message(), System.nanoTime(), nowMillis)));
        }
    }

    /** Forgets the pending will, if any, here and in the store; returns it (null if there was none). */
    Message dropWill() {
        PendingWill w = will;
        if (w == null) {
            return null;
        }
        will = null;
        w.task().cancel(false);
        if (stored) {
            journal.record(new SessionChange.RemoveWill(clientId));
        }
        return w.message();
    }

    // ---- subscriptions -----------------------------------------------------------------------------------------

    /** The subscription with this raw filter, or null. */
    Subscription subscription(String rawFilter) {
        return subscriptions.get(rawFilter);
    }

    boolean hasSubscription(String rawFilter) {
        return subscriptions.containsKey(rawFilter);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** Adds or replaces the subscription with the same raw filter. */
    void putSubscription(Subscription subscription) {
        Subscription replaced = subscriptions.put(subscription.rawFilter(), subscription);
        identified += (subscription.subscriptionId() != 0 ? 1 : 0)
                - (replaced != null && replaced.subscriptionId() != 0 ? 1 : 0);
    }

    /** Removes and returns the subscription with this raw filter, or null. */
    Subscription removeSubscription(String rawFilter) {
        Subscription removed = subscriptions.remove(rawFilter);
        if (removed != null && removed.subscriptionId() != 0) {
            identified--;
        }
        return removed;
    }

    /**
     * The Subscription Identifiers of this session's ordinary subscriptions that match {@code topic} (No Local ones
     * left out for the session's own messages), for one delivery; empty at once when it has none.
     */
    List<Integer> subscriptionIds(String topic, String publisherId) {
        if (identified == 0) {
            return List.of();
        }
        List<Integer> ids = new ArrayList<>(2);
        for (Subscription sub : subscriptions.values()) {
            if (sub.subscriptionId() != 0
                    && !sub.shared()
                    && !(sub.noLocal() && clientId.equals(publisherId))
                    && Topics.matches(sub.filter(), topic)) {
                ids.add(sub.subscriptionId());
            }
        }
        return ids;
    }

    /** A read-only view, in the order they were made. */
    Collection<Subscription> subscriptions() {
        return subscriptionsView;
    }

    // ---- inbound QoS 2 -----------------------------------------------------------------------------------------

    /** Whether a QoS 2 PUBLISH with this packet ID was received (and routed) and its PUBREL has not come yet. */
    boolean awaitsRelease(int packetId) {
        return inboundQos2.contains(packetId);
    }

    /** Whether as many inbound QoS 2 messages await their PUBREL as the receive maximum allows. */
    boolean releaseWindowFull() {
        return inboundQos2.size() >= maxInflight;
    }

    void awaitRelease(int packetId) {
        inboundQos2.add(packetId);
    }

    /** The PUBREL came: returns whether the packet ID was awaiting it. */
    boolean released(int packetId) {
        return inboundQos2.remove(packetId);
    }

    // ---- outbound messages -------------------------------------------------------------------------------------

    /** Sends now, queues or drops (see {@link InflightWindow#offer}). */
    void offer(Delivery delivery) {
        outbound.offer(delivery);
    }

    /** Restores a message held when the broker stopped: packet ID 0 means it was still queued. */
    void restore(long seq, int packetId, boolean released, Delivery delivery) {
        outbound.restore(seq, packetId, released, delivery);
    }

    /** A new connection took this session: resend unacknowledged messages, then drain the queue. */
    void resume() {
        outbound.resume();
    }

    void onPubAck(int packetId) {
        outbound.onPubAck(packetId);
    }

    /** Returns the PUBREL reason code to send, or null when no PUBREL is due (the receiver refused it). */
    ReasonCode onPubRec(int packetId, int reasonCode) {
        return outbound.onPubRec(packetId, reasonCode);
    }

    void onPubComp(int packetId) {
        outbound.onPubComp(packetId);
    }

    /** The connection became writable again. */
    void resumeDelivery() {
        outbound.drain();
    }

    /** QoS 1/2 messages waiting in the queue. */
    int queued() {
        return outbound.queued();
    }

    /** Forgets every message, inbound QoS 2 state and subscription (the session ends). */
    void dropAll() {
        outbound.clear();
        inboundQos2.clear();
        subscriptions.clear();
        identified = 0;
    }
}
