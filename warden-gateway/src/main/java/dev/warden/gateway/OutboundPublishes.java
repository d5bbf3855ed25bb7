package dev.warden.gateway;

/**
 * The PUBLISH packets written to one client, within what its CONNECT negotiated: MQTT 5 Receive Maximum, Maximum
 * Packet Size and Topic Alias Maximum. Broker thread, except {@link #negotiated}, on the event loop before the broker
 * hears of the connection.
 */
final class OutboundPublishes {
    private final MqttConnection connection;
    private volatile int clientReceiveMaximum = 65_535;
    private volatile long clientMaximumPacketSize = Long.MAX_VALUE;
    /** The topic aliases this connection's PUBLISHes use; set before the broker hears of it, broker thread after. */
    private volatile OutboundTopicAliases aliases = new OutboundTopicAliases(0);

    OutboundPublishes(MqttConnection connection) {
        this.connection = connection;
    }

    /** A valid CONNECT: the client's limits, before authentication. */
    void negotiated(ConnectRequest request) {
        clientReceiveMaximum = request.clientReceiveMaximum();
        clientMaximumPacketSize = request.clientMaximumPacketSize();
        aliases = new OutboundTopicAliases(request.clientTopicAliasMaximum());
    }

    int clientReceiveMaximum() {
        return clientReceiveMaximum;
    }

    /** MQTT 5: a message larger than the client's Maximum Packet Size must be discarded for that client. */
    boolean fitsClient(Delivery delivery) {
        // Each Subscription Identifier takes at most 5 bytes, a Topic Alias 3.
        return Packets.estimatedPublishSize(delivery.message())
                        + 5L * delivery.subscriptionIds().size()
                        + (aliases.enabled() ? 3 : 0)
                <= clientMaximumPacketSize;
    }

    /** Broker thread only: the outbound topic aliases are assigned here, in the order the PUBLISHes are written. */
    void write(Delivery delivery, int packetId, boolean dup) {
        Message m = delivery.message();
        if (connection.isRevoked()) {
            return;
        }
        connection.counters().sent(m.payload().length);
        int alias = aliases.aliasFor(m.topic());
        String topic = alias > 0 ? "" : m.topic();
        connection.write(Packets.publish(delivery, packetId, dup, System.nanoTime(), topic, Math.abs(alias)));
    }
}
