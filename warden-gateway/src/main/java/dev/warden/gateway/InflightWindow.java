package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound QoS 1/2 messages of one {@link Session}: those in flight (sent, not yet acknowledged) within the
 * client's receive window, and the bounded queue behind them. Confined to the broker thread, like its session; it
 * reads the session's connection, thing and stored state through the session's methods and owns nothing else.
 *
 * <p>State machine: PUBLISH sent → (QoS 1) PUBACK ends it; (QoS 2) PUBREC → PUBREL sent → PUBCOMP ends it.
 * Unacknowledged messages are resent with DUP on reconnect (PUBREL again for those past PUBREC). While the session
 * is stored, every change is recorded in the {@link SessionJournal}: added when queued or sent, marked when sent or
 * released, removed when acknowledged, refused or dropped.
 */
final class InflightWindow {
    /** Logs under {@link Session}, as before it was split off, so log settings keep applying. */
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /** An outbound QoS 1/2 message waiting for its acknowledgement. */
    private static final class Inflight {
        final long seq;
        final Delivery delivery;
        boolean released;

        Inflight(long seq, Delivery delivery) {
            this.seq = seq;
            this.delivery = delivery;
        }
    }

    /** A QoS 1/2 message waiting to be sent; {@code seq} names it in the store. */
    private record Queued(long seq, Delivery delivery) {}

    private final Session session;
    private final Map<Integer, Inflight> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final int maxQueued;
    private final int maxInflight;
    private final long maxUnwritableNanos;
    private final FlowCounters counters;
    private final SessionJournal journal;
    private final PublisherHolds holds;
    /** Most messages queued for a push-back subscriber; it lets its publishers go at a quarter of the usual bound. */
    private final int maxPushBackQueued;

    private final int pushBackLowWater;
    private int nextPacketId = 1;
    /** Messages dropped for this subscriber since the session began, by {@link DropReason}. */
    private final long[] drops = new long[DropReason.values().length];
    /** Drops since the last message this subscriber was given: an overflow episode, logged at its start and end. */
    private long episodeDrops;

    InflightWindow(
            Session session,
            GatewayLimits limits,
            SlowConsumerPolicy slowConsumers,
            FlowCounters counters,
            SessionJournal journal,
            PublisherHolds holds) {
        this.session = session;
        this.journal = journal;
        this.holds = holds;
        this.maxPushBackQueued = Math.max(limits.maxQueuedMessages(), slowConsumers.maxPushBackQueued());
        this.pushBackLowWater = limits.maxQueuedMessages() / 4;
        this.maxQueued = limits.maxQueuedMessages();
        this.maxInflight = limits.maxInflight();
        this.maxUnwritableNanos = slowConsumers.maxUnwritable().toNanos();
        this.counters = counters;
    }

    /**
     * Sends now, queues (QoS 1/2 while offline, while the client's receive window is full or while its connection is
     * not writable), or drops. Nothing is written to a connection that is not writable, so a subscriber that does not
     * read holds at most the outbound buffer's high-water mark plus its bounded queue.
     */
    void offer(Delivery delivery) {
        MqttConnection connection = session.connection();
        boolean online = connection != null;
        boolean writable = online && connection.isWritable();
        if (online && !writable) {
            checkSlowConsumer(connection);
        }
        if (online && connection.pushesBack()) {
            offerPushingBack(connection, writable, delivery);
            return;
        }
        if (delivery.qos() == MqttQoS.AT_MOST_ONCE) {
            // QoS 0 is never queued; under back-pressure it is dropped rather than buffered without bound.
            if (writable) {
                send(connection, delivery, 0);
            } else if (online) {
                dropped(DropReason.NOT_WRITABLE);
            }
            return;
        }
        if (writable && queue.isEmpty() && inflight.size() < sendWindow(connection)) {
            sendNow(connection, delivery);
            return;
        }
        if (queue.size() >= maxQueued) {
            dropped(DropReason.QUEUE_FULL);
            return;
        }
        enqueue(delivery);
    }

    /**
     * A push-back subscriber (see {@link SlowConsumerPolicy}): what it cannot take now waits in its queue, QoS 0 too
     * (in order), and while its connection is not writable the publisher of the message is not read. Once it held its
     * publishers for too long, QoS 0 it cannot take now is dropped until it has caught up.
     */
    private void offerPushingBack(MqttConnection connection, boolean writable, Delivery delivery) {
        boolean qos0 = delivery.qos() == MqttQoS.AT_MOST_ONCE;
        if (writable && !queue.isEmpty()) {
            // Its connection took what it had since the last drain: the queue goes first, in order.
            drain();
            writable = connection.isWritable();
        }
        if (writable && queue.isEmpty() && (qos0 || inflight.size() < sendWindow(connection))) {
            sendNow(connection, delivery);
            return;
        }
        if (qos0 && holds.expired(this)) {
            dropped(DropReason.PUSH_BACK_EXPIRED);
            return;
        }
        if (queue.size() >= maxPushBackQueued) {
            dropped(DropReason.QUEUE_FULL);
            return;
        }
        enqueue(delivery);
        if (!writable || holds.holding(this)) {
            holds.hold(this, session.clientId(), connection);
        }
    }

    private void sendNow(MqttConnection connection, Delivery delivery) {
        long seq = journal.nextSeq();
        int packetId = send(connection, delivery, seq);
        if (packetId > 0 && session.isStored()) {
            journal.record(new SessionChange.PutMessage(
                    session.clientId(), session.thing(), seq, packetId, false, encode(delivery)));
        }
    }

    /** Queues a message; QoS 0 (queued for a push-back subscriber only) is never stored. */
    private void enqueue(Delivery delivery) {
        Queued queued = new Queued(journal.nextSeq(), delivery);
        queue.add(queued);
        if (session.isStored() && delivery.qos() != MqttQoS.AT_MOST_ONCE) {
            journal.record(new SessionChange.PutMessage(
                    session.clientId(), session.thing(), queued.seq(), 0, false, encode(delivery)));
        }
    }

    /** The session became stored: records every held message, in order (after the session's own record). */
    void recordAll() {
        for (Map.Entry<Integer, Inflight> e : inflight.entrySet()) {
            Inflight f = e.getValue();
            journal.record(new SessionChange.PutMessage(
                    session.clientId(), session.thing(), f.seq, e.getKey(), f.released, encode(f.delivery)));
        }
        for (Queued q : queue) {
            if (q.delivery().qos() == MqttQoS.AT_MOST_ONCE) {
                continue;
            }
            journal.record(new SessionChange.PutMessage(
                    session.clientId(), session.thing(), q.seq(), 0, false, encode(q.delivery())));
        }
    }

    /** Restores a message held when the broker stopped: packet ID 0 means it was still queued. */
    void restore(long seq, int packetId, boolean released, Delivery delivery) {
        if (packetId == 0) {
            queue.add(new Queued(seq, delivery));
        } else {
            Inflight f = new Inflight(seq, delivery);
            f.released = released;
            inflight.put(packetId, f);
        }
    }

    private static byte[] encode(Delivery delivery) {
        return SessionCodec.delivery(delivery, System.nanoTime(), System.currentTimeMillis());
    }

    private void removed(long seq) {
        if (session.isStored()) {
            journal.record(new SessionChange.RemoveMessage(session.clientId(), seq));
        }
    }

    /** A new connection took the session: resend unacknowledged messages, then drain the queue. */
    void resume() {
        MqttConnection connection = session.connection();
        for (Map.Entry<Integer, Inflight> e : inflight.entrySet()) {
            Inflight f = e.getValue();
            if (f.released) {
                connection.write(Packets.pubRel(e.getKey(), ReasonCode.SUCCESS));
            } else {
                connection.outbound().write(f.delivery, e.getKey(), true);
            }
        }
        drain();
    }

    void onPubAck(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f != null && f.delivery.qos() == MqttQoS.AT_LEAST_ONCE) {
            inflight.remove(packetId);
            removed(f.seq);
            drain();
        }
    }

    /** Returns the PUBREL reason code to send, or null when no PUBREL is due (the receiver refused it). */
    ReasonCode onPubRec(int packetId, int reasonCode) {
        Inflight f = inflight.get(packetId);
        if (f == null || f.delivery.qos() != MqttQoS.EXACTLY_ONCE) {
            return ReasonCode.PACKET_ID_NOT_FOUND;
        }
        if (reasonCode >= 0x80) {
            inflight.remove(packetId);
            removed(f.seq);
            drain();
            return null;
        }
        if (!f.released && session.isStored()) {
            journal.record(new SessionChange.MarkMessage(session.clientId(), f.seq, packetId, true));
        }
        f.released = true;
        return ReasonCode.SUCCESS;
    }

    void onPubComp(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f != null && f.released) {
            inflight.remove(packetId);
            removed(f.seq);
            drain();
        }
    }

    int queued() {
        return queue.size();
    }

    /** Sends queued messages while the connection is writable and the client's receive window has room. */
    void drain() {
        MqttConnection connection = session.connection();
        while (connection != null
                && connection.isWritable()
                && !queue.isEmpty()
                && inflight.size() < sendWindow(connection)) {
            Queued next = queue.poll();
            int packetId = send(connection, next.delivery(), next.seq());
            if (packetId > 0 && session.isStored()) {
                journal.record(new SessionChange.MarkMessage(session.clientId(), next.seq(), packetId, false));
            } else if (packetId < 0 && next.delivery().qos() != MqttQoS.AT_MOST_ONCE) {
                removed(next.seq());
            }
        }
        if (connection != null && connection.isWritable() && queue.size() <= pushBackLowWater) {
            // Caught up: the publishers it held are read again, and an expired push-back may start anew.
            holds.release(this);
        }
    }

    /** Its connection went away: it holds no publisher any more. */
    void disconnected() {
        holds.release(this);
    }

    /** A connection unwritable for longer than the policy allows is cut off, once. */
    private void checkSlowConsumer(MqttConnection connection) {
        long since = connection.pressure().unwritableSince();
        if (since == 0
                || System.nanoTime() - since <= maxUnwritableNanos
                || !connection.pressure().markSlowConsumer()) {
            return;
        }
        counters.slowConsumerDisconnects.incrementAndGet();
        LOG.info(
                "Client {} has not read for {} ms; disconnecting it as a slow consumer",
                session.clientId(),
                maxUnwritableNanos / 1_000_000);
        connection.kick(DisconnectCause.SLOW_CONSUMER, ReasonCode.QUOTA_EXCEEDED);
    }

    private int sendWindow(MqttConnection connection) {
        return Math.min(
                maxInflight,
                connection == null ? maxInflight : connection.outbound().clientReceiveMaximum());
    }

    /** Sends now; returns the packet ID of a QoS 1/2 message now in flight, 0 for QoS 0, -1 if it was dropped. */
    private int send(MqttConnection connection, Delivery delivery, long seq) {
        long now = System.nanoTime();
        Message m = delivery.message();
        if (m.expired(now)) {
            dropped(DropReason.EXPIRED);
            return -1;
        }
        if (!connection.outbound().fitsClient(delivery)) {
            dropped(DropReason.TOO_LARGE);
            return -1;
        }
        // iot:Receive is decided at delivery time, with the policies of the connection that receives.
        if (!connection.authorizer().mayReceive(m.topic())) {
            return -1;
        }
        endEpisode();
        if (delivery.qos() == MqttQoS.AT_MOST_ONCE) {
            connection.outbound().write(delivery, 0, false);
            return 0;
        }
        int id = nextFreePacketId();
        inflight.put(id, new Inflight(seq, delivery));
        connection.outbound().write(delivery, id, false);
        return id;
    }

    /**
     * Counts a message this subscriber is not given. The first drop of an episode (drops with no delivery between
     * them) is logged with the client and the reason; the episode's count is logged when it ends.
     */
    private void dropped(DropReason reason) {
        counters.dropped(reason);
        counters.bySubscriber.add(session.clientId(), session.thing(), reason);
        drops[reason.ordinal()]++;
        if (episodeDrops++ == 0) {
            LOG.warn(
                    "Dropping messages for subscriber {} (thing {}): {}; {} dropped for it so far",
                    session.clientId(),
                    session.thing(),
                    reason.label(),
                    totalDrops());
        }
    }

    /** A message is being delivered: an overflow episode, if any, is over. */
    private void endEpisode() {
        if (episodeDrops > 0) {
            LOG.warn(
                    "Subscriber {} (thing {}) receives again after {} messages dropped ({} dropped for it so far)",
                    session.clientId(),
                    session.thing(),
                    episodeDrops,
                    totalDrops());
            episodeDrops = 0;
        }
    }

    private long totalDrops() {
        long total = 0;
        for (long d : drops) {
            total += d;
        }
        return total;
    }

    private int nextFreePacketId() {
        // The window is at most 65,535 wide, so a free ID always exists.
        while (true) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
            if (!inflight.containsKey(id)) {
                return id;
            }
        }
    }

    void clear() {
        holds.release(this);
        inflight.clear();
        queue.clear();
    }
}
