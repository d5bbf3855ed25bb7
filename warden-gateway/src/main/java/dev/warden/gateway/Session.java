package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker-side state of one client ID, kept across connections when the session is persistent. Confined to the
 * broker thread: no method may be called from anywhere else.
 *
 * <p>Outbound QoS 1/2 state machine: PUBLISH sent → (QoS 1) PUBACK ends it; (QoS 2) PUBREC → PUBREL sent → PUBCOMP
 * ends it. Unacknowledged messages are resent with DUP on reconnect (PUBREL again for those past PUBREC).
 */
final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /** An outbound QoS 1/2 message waiting for its acknowledgement. */
    private static final class Inflight {
        final Delivery delivery;
        boolean released;

        Inflight(Delivery delivery) {
            this.delivery = delivery;
        }
    }

    final String clientId;
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    /** Inbound QoS 2 packet IDs received (and routed) whose PUBREL has not come yet. */
    final Set<Integer> inboundQos2 = new HashSet<>();
    private final Map<Integer, Inflight> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final int maxQueued;
    private final int maxInflight;
    private final long maxUnwritableNanos;
    private final FlowCounters counters;
    private int nextPacketId = 1;
    private long dropped;
    MqttConnection connection;
    long expirySeconds;
    ScheduledFuture<?> expiryTask;

    Session(String clientId, GatewayLimits limits, SlowConsumerPolicy slowConsumers, FlowCounters counters) {
        this.clientId = clientId;
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
        boolean online = connection != null;
        boolean writable = online && connection.isWritable();
        if (online && !writable) {
            checkSlowConsumer();
        }
        if (delivery.qos() == MqttQoS.AT_MOST_ONCE) {
            // QoS 0 is never queued; under back-pressure it is dropped rather than buffered without bound.
            if (writable) {
                send(delivery);
            } else if (online) {
                counters.slowConsumerDrops.incrementAndGet();
            }
            return;
        }
        if (writable && queue.isEmpty() && inflight.size() < sendWindow()) {
            send(delivery);
            return;
        }
        if (queue.size() >= maxQueued) {
            counters.queueOverflowDrops.incrementAndGet();
            dropped++;
            if (dropped == 1 || dropped % 1000 == 0) {
                LOG.warn("Queue of client {} full ({} messages); {} messages dropped", clientId, maxQueued, dropped);
            }
            return;
        }
        queue.add(delivery);
    }

    /** A new connection took this session: resend unacknowledged messages, then drain the queue. */
    void resume() {
        for (Map.Entry<Integer, Inflight> e : inflight.entrySet()) {
            Inflight f = e.getValue();
            if (f.released) {
                connection.write(Packets.pubRel(e.getKey(), ReasonCode.SUCCESS));
            } else {
                connection.writePublish(f.delivery, e.getKey(), true);
            }
        }
        drain();
    }

    void onPubAck(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f != null && f.delivery.qos() == MqttQoS.AT_LEAST_ONCE) {
            inflight.remove(packetId);
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
            drain();
            return null;
        }
        f.released = true;
        return ReasonCode.SUCCESS;
    }

    void onPubComp(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f != null && f.released) {
            inflight.remove(packetId);
            drain();
        }
    }

    /** The connection became writable again. */
    void resumeDelivery() {
        drain();
    }

    int queued() {
        return queue.size();
    }

    private void drain() {
        while (connection != null && connection.isWritable() && !queue.isEmpty() && inflight.size() < sendWindow()) {
            send(queue.poll());
        }
    }

    /** A connection unwritable for longer than the policy allows is cut off, once. */
    private void checkSlowConsumer() {
        long since = connection.unwritableSince();
        if (since == 0 || System.nanoTime() - since <= maxUnwritableNanos || !connection.markSlowConsumer()) {
            return;
        }
        counters.slowConsumerDisconnects.incrementAndGet();
        LOG.info("Client {} has not read for {} ms; disconnecting it as a slow consumer", clientId,
                maxUnwritableNanos / 1_000_000);
        connection.kick(DisconnectCause.SLOW_CONSUMER, ReasonCode.QUOTA_EXCEEDED);
    }

    private int sendWindow() {
        return Math.min(maxInflight, connection == null ? maxInflight : connection.clientReceiveMaximum());
    }

    private void send(Delivery delivery) {
        long now = System.nanoTime();
        Message m = delivery.message();
        if (m.expired(now) || !connection.fitsClient(m)) {
            return;
        }
        // iot:Receive is decided at delivery time, with the policies of the connection that receives.
        if (!connection.authorizer().mayReceive(m.topic())) {
            return;
        }
        if (delivery.qos() == MqttQoS.AT_MOST_ONCE) {
            connection.writePublish(delivery, 0, false);
            return;
        }
        int id = nextFreePacketId();
        inflight.put(id, new Inflight(delivery));
        connection.writePublish(delivery, id, false);
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

    void dropAll() {
        inflight.clear();
        queue.clear();
        inboundQos2.clear();
        subscriptions.clear();
    }
}
