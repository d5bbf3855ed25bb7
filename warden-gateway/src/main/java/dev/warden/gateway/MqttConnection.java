package dev.warden.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, as the Netty handler of its channel: holds what the connection is (its state, the device and
 * what CONNECT negotiated), dispatches packets and closes. The work is delegated: {@link ConnectHandler} (TLS
 * outcome, CONNECT, authentication, CONNACK refusals), {@link InboundPublishes} (rate, topic aliases, iot:Publish),
 * {@link InboundSubscriptions} (filter validation, iot:Subscribe), {@link OutboundPublishes} (the client's negotiated
 * limits and topic aliases), {@link Disconnects} (DISCONNECT or close, and the cause) and {@link ConnectionCounters};
 * accepted work goes to the {@link Broker}; {@link OutboundPressure} tracks its back-pressure. Handler methods run on
 * the channel's event loop; {@link #kick} and the write methods may be called from any thread; the
 * {@link SessionBinding} (session and deferred acknowledgements) belongs to the broker thread.
 */
final class MqttConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    /** Where the connection is; event loop only. */
    enum State {
        AWAIT_CONNECT,
        AUTHENTICATING,
        CONNECTED,
        CLOSED
    }

    private final GatewayRuntime runtime;
    private final ConnectHandler connect;
    private final InboundPublishes publishes;
    private final InboundSubscriptions subscriptions;
    private final ConnectionCounters counters;
    private final OutboundPressure pressure = new OutboundPressure();
    private final OutboundPublishes outbound = new OutboundPublishes(this);
    private final SessionBinding binding = new SessionBinding(this);
    private final Disconnects disconnects;
    private volatile Channel channel;
    private String sourceIp = "unknown";
    private InetAddress sourceAddress;
    private State state = State.AWAIT_CONNECT;
    private volatile DeviceIdentity identity;
    private volatile boolean revoked;
    private volatile boolean mqtt5;
    private volatile String clientId;
    /** When its CONNECT was accepted (epoch milliseconds), for operators; 0 before. */
    private volatile long connectedAtMillis;

    private volatile Authorizer authorizer;
    /** Its policies allow iot:PushBack: messages it cannot take yet hold their publishers (see SlowConsumerPolicy). */
    private volatile boolean pushesBack;

    /** Set once the CONNECT was accepted and handed to the broker; the broker must hear of the close. */
    private boolean attached;

    MqttConnection(GatewayRuntime runtime) {
        this.runtime = runtime;
        this.counters = new ConnectionCounters(runtime.totals());
        this.disconnects = new Disconnects(this, runtime);
        this.connect = new ConnectHandler(this, runtime);
        this.publishes = new InboundPublishes(this, runtime);
        this.subscriptions = new InboundSubscriptions(this, runtime.config().limits());
    }

    // ---- called from any thread -------------------------------------------------------------------------------

    String clientId() {
        return clientId;
    }

    DeviceIdentity identity() {
        return identity;
    }

    /** What this connection has carried so far. */
    ConnectionCounters counters() {
        return counters;
    }

    Authorizer authorizer() {
        return authorizer;
    }

    boolean isMqtt5() {
        return mqtt5;
    }

    boolean isActive() {
        return channel != null && channel.isActive() && !revoked;
    }

    boolean isRevoked() {
        return revoked;
    }

    boolean isWritable() {
        return channel.isWritable();
    }

    /** Bytes written to this connection but not yet handed to the socket (Netty's and the TLS layer's buffers). */
    long pendingOutboundBytes() {
        return OutboundPressure.pendingBytes(channel);
    }

    /** Since when it has been unwritable, and whether it was cut off as a slow consumer. */
    OutboundPressure pressure() {
        return pressure;
    }

    /** Whether messages it cannot take yet hold their publishers instead of being dropped. */
    boolean pushesBack() {
        return pushesBack;
    }

    /**
     * Broker thread ({@link PublisherHolds}): stops or resumes reading from this connection. Netty's auto-read may be
     * set from any thread: the flag takes effect at the event loop's next read, and the change of the channel's read
     * interest runs on its event loop, in the order asked, so nothing waits here. Only a connected client's PUBLISH
     * can be held, so this never meets the auto-read that {@link ConnectHandler} turns off while authenticating.
     */
    void holdReading(boolean hold) {
        Channel ch = channel;
        if (ch != null) {
            ch.config().setAutoRead(!hold);
        }
    }

    boolean hasCertificateSerial(BigInteger serial) {
        return connect.hasCertificateSerial(serial);
    }

    void write(MqttMessage message) {
        channel.writeAndFlush(message, channel.voidPromise());
    }

    /** The PUBLISHes written to the client, within what its CONNECT negotiated; broker thread. */
    OutboundPublishes outbound() {
        return outbound;
    }

    /** Sends the client to another server (see {@link Disconnects#sendElsewhere}); any thread. */
    void sendElsewhere(String serverReference) {
        disconnects.sendElsewhere(serverReference);
    }

    /**
     * Ends the connection at once, from any thread: MQTT 5 clients get DISCONNECT with {@code reason} first.
     * Revocation marks the connection before anything else so no further message is delivered and no will is
     * published.
     */
    void kick(DisconnectCause why, ReasonCode reason) {
        if (why == DisconnectCause.REVOKED) {
            revoked = true;
        }
        disconnects.kick(why, reason);
    }

    // ---- broker thread -----------------------------------------------------------------------------------------

    /** Its session and its acknowledgements waiting for the journal. */
    SessionBinding binding() {
        return binding;
    }

    // ---- the way in (ConnectHandler; event loop, identity also from the worker) -------------------------------

    Channel channel() {
        return channel;
    }

    String sourceIp() {
        return sourceIp;
    }

    State state() {
        return state;
    }

    void enter(State next) {
        state = next;
    }

    /** A CONNECT was refused before authentication; its protocol version and client ID shape the answer and logs. */
    void connectRefused(boolean mqtt5, String clientId) {
        this.mqtt5 = mqtt5;
        this.clientId = clientId;
    }

    /** A valid CONNECT: what it negotiated, before authentication. */
    void connectRequested(ConnectRequest request) {
        mqtt5 = request.mqtt5();
        clientId = request.clientId();
        outbound.negotiated(request);
        disconnects.negotiated(request);
    }

    /** Worker thread: the device the authenticator identified (null if none). */
    void authenticatedAs(DeviceIdentity identity) {
        this.identity = identity;
    }

    /**
     * The CONNECT was accepted with these policies, as {@code clientId}: the one it sent, or the one assigned to it
     * when it sent none (its will is then published under that one, for No Local).
     */
    void connected(Authorizer authorizer, String clientId, boolean pushesBack) {
        this.authorizer = authorizer;
        this.pushesBack = pushesBack;
        this.clientId = clientId;
        disconnects.connectedAs(clientId);
        connectedAtMillis = System.currentTimeMillis();
        state = State.CONNECTED;
    }

    long connectedAtMillis() {
        return connectedAtMillis;
    }

    /** Hands the accepted connection to the broker, which attaches its session and sends CONNACK. */
    void attach(Broker.Attach request) {
        attached = true;
        toBroker(() -> runtime.broker().attach(this, request));
    }

    void recordFailure(ConnectionFirewall.FailureKind kind) {
        recordFailure(kind, null, null);
    }

    /** A refused authentication, counted against the address and the client ID and thing it presented. */
    void recordFailure(ConnectionFirewall.FailureKind kind, String clientId, String thingName) {
        runtime.firewall().recordFailure(sourceAddress, kind, clientId, thingName);
    }

    // ---- channel events (event loop) --------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        if (channel.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null) {
            sourceAddress = address.getAddress();
            sourceIp = sourceAddress.getHostAddress();
        }
        connect.startTimer(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            connect.onHandshake(ctx, handshake);
        } else if (evt instanceof IdleStateEvent) {
            LOG.debug("Keep-alive timeout for client {}", clientId);
            kick(DisconnectCause.KEEP_ALIVE_TIMEOUT, ReasonCode.KEEP_ALIVE_TIMEOUT);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state == State.AUTHENTICATING) {
            connect.hold(message);
            return;
        }
        try {
            handle(message);
        } catch (ProtocolViolation violation) {
            LOG.debug("Protocol violation by client {} from {}: {}", clientId, sourceIp, violation.getMessage());
            disconnect(DisconnectCause.PROTOCOL_ERROR, violation.reason());
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        boolean writable = ctx.channel().isWritable();
        pressure.writabilityChanged(writable);
        if (writable && attached) {
            toBroker(() -> runtime.broker().onWritable(this));
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSED;
        connect.closed();
        runtime.registry().remove(this);
        if (attached) {
            DisconnectCause cause = disconnects.cause();
            DisconnectCause why = cause == null ? DisconnectCause.CONNECTION_LOST : cause;
            // No will after a clean DISCONNECT (cleared there) or after revocation: a revoked device publishes nothing.
            Message dueWill = revoked ? null : disconnects.will();
            long dueWillDelay = disconnects.willDelaySeconds();
            toBroker(() -> runtime.broker().detach(this, dueWill, dueWillDelay));
            runtime.events().disconnected(identity, clientId, why, counters.snapshot());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection error from {} (client {}): {}", sourceIp, clientId, cause.toString());
        closeFor(DisconnectCause.CONNECTION_LOST);
    }

    // ---- packets ----------------------------------------------------------------------------------------------

    private void handle(MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            onMalformed(message.decoderResult().cause());
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.AWAIT_CONNECT) {
            if (!(message instanceof MqttConnectMessage connectMessage)) {
                LOG.debug("First packet from {} was not CONNECT", sourceIp);
                closeFor(DisconnectCause.PROTOCOL_ERROR);
                return;
            }
            connect.onConnect(connectMessage);
            return;
        }
        dispatch(message);
    }

    private void onMalformed(Throwable cause) {
        LOG.debug("Malformed packet from {} (client {}): {}", sourceIp, clientId, cause.toString());
        ReasonCode reason =
                cause instanceof TooLongFrameException ? ReasonCode.PACKET_TOO_LARGE : ReasonCode.MALFORMED_PACKET;
        disconnect(DisconnectCause.PROTOCOL_ERROR, reason);
    }

    /** Hands {@code task} to the broker thread; called on this connection's event loop only. */
    void toBroker(Runnable task) {
        runtime.broker().inbox().submit(channel.eventLoop(), task);
    }

    private void dispatch(MqttMessage message) {
        Broker broker = runtime.broker();
        switch (message.fixedHeader().messageType()) {
            case PUBLISH -> publishes.onPublish((MqttPublishMessage) message);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> publishes.onAcknowledgement(message, broker);
            case SUBSCRIBE -> subscriptions.onSubscribe((MqttSubscribeMessage) message, broker);
            case UNSUBSCRIBE -> subscriptions.onUnsubscribe((MqttUnsubscribeMessage) message, broker);
            case PINGREQ -> channel.writeAndFlush(MqttMessage.PINGRESP, channel.voidPromise());
            case DISCONNECT -> disconnects.onDisconnect(message);
            default ->
                throw new ProtocolViolation(
                        ReasonCode.PROTOCOL_ERROR,
                        "unexpected " + message.fixedHeader().messageType());
        }
    }

    // ---- closing (event loop) ---------------------------------------------------------------------------------

    /** MQTT 5 clients that are connected get DISCONNECT with {@code reason} first; others are closed at once. */
    void disconnect(DisconnectCause why, ReasonCode reason) {
        disconnects.disconnect(why, reason);
    }

    void closeFor(DisconnectCause why) {
        disconnects.closeFor(why);
    }
}
