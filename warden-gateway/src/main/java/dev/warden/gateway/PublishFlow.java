package dev.warden.gateway;

import io.netty.handler.codec.mqtt.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's side of a client's PUBLISH: the QoS 1 and 2 flows (an inbound QoS 2 message is routed once, on
 * PUBLISH, and forgotten on PUBREL), the {@link PublishListener}, routing, and the ordering of the acknowledgements.
 * A PUBACK/PUBREC for a message that a persistent session now holds, or that was retained, waits until the journal
 * has written it, and the acknowledgements of one connection keep their order, so later ones wait behind it. Broker
 * thread, except the deferred writes, which run on the journal's writer thread.
 */
final class PublishFlow {
    /** Logs under {@link Broker}, as before it was split off, so log settings keep applying. */
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final SessionJournal journal;
    private final MessageRouter router;
    private final PublishListener listener;
    private final PublisherHolds holds;

    PublishFlow(SessionJournal journal, MessageRouter router, PublishListener listener, PublisherHolds holds) {
        this.holds = holds;
        this.journal = journal;
        this.router = router;
        this.listener = listener;
    }

    void onPublish(Session session, MqttConnection connection, Message message, int packetId) {
        // A push-back subscriber that must queue this message holds its publisher (see SlowConsumerPolicy).
        holds.publishing(connection);
        try {
            route(session, connection, message, packetId);
        } finally {
            holds.publishing(null);
        }
    }

    private void route(Session session, MqttConnection connection, Message message, int packetId) {
        switch (message.qos()) {
            case AT_MOST_ONCE -> {
                notifyListener(connection, message);
                router.distribute(message, session.thing());
            }
            case AT_LEAST_ONCE -> {
                long since = journal.position();
                notifyListener(connection, message);
                router.distribute(message, session.thing());
                acknowledge(connection, Packets.pubAck(packetId, ReasonCode.SUCCESS), since);
            }
            default -> {
                long since = journal.position();
                // Routed on PUBLISH, once: a resent PUBLISH with the same ID before PUBREL is not routed again.
                if (!session.awaitsRelease(packetId)) {
                    if (session.releaseWindowFull()) {
                        connection.kick(DisconnectCause.PROTOCOL_ERROR, ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
                        return;
                    }
                    session.awaitRelease(packetId);
                    notifyListener(connection, message);
                    router.distribute(message, session.thing());
                }
                acknowledge(connection, Packets.pubRec(packetId, ReasonCode.SUCCESS), since);
            }
        }
    }

    /** Acknowledges a publish the connection refused (MQTT 5), in order with the accepted ones. */
    void refuse(MqttConnection connection, int packetId, boolean exactlyOnce, ReasonCode reason) {
        acknowledge(
                connection,
                exactlyOnce ? Packets.pubRec(packetId, reason) : Packets.pubAck(packetId, reason),
                journal.position());
    }

    void onPubRel(Session session, MqttConnection connection, int packetId) {
        boolean known = session.released(packetId);
        connection.write(Packets.pubComp(packetId, known ? ReasonCode.SUCCESS : ReasonCode.PACKET_ID_NOT_FOUND));
    }

    /**
     * Sends a PUBACK or PUBREC now, or, when the message now waits in a persistent session (the journal moved past
     * {@code since}) or an earlier acknowledgement of this connection still waits, once the journal has written it.
     * If the write fails the publisher is disconnected unacknowledged, so it sends the message again.
     */
    private void acknowledge(MqttConnection connection, MqttMessage ack, long since) {
        if (journal.position() == since && !connection.binding().hasDeferredAcks()) {
            connection.write(ack);
            return;
        }
        connection.binding().deferAck();
        journal.afterDurable(
                since,
                () -> {
                    connection.write(ack);
                    connection.binding().deferredAckWritten();
                },
                () -> connection.kick(DisconnectCause.SESSION_STORE_FAILED, ReasonCode.UNSPECIFIED_ERROR));
    }

    private void notifyListener(MqttConnection connection, Message message) {
        DeviceIdentity identity = connection.identity();
        if (identity == null) {
            return;
        }
        try {
            listener.onPublish(new AcceptedPublish(
                    identity,
                    connection.clientId(),
                    message.topic(),
                    message.payload(),
                    message.qos().value(),
                    message.retain(),
                    System.currentTimeMillis()));
        } catch (RuntimeException e) {
            LOG.error("Publish listener failed on a message of {}; routing goes on", identity.thingName(), e);
        }
    }
}
