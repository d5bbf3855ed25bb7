package dev.warden.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: checks the TLS identity, drives CONNECT (authentication on a worker thread), validates and
 * authorizes each PUBLISH and SUBSCRIBE, and hands accepted work to the {@link Broker}. Handler methods run on the
 * channel's event loop; {@link #kick} and the write methods may be called from any thread.
 */
final class MqttConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    /** Topic aliases a client may define (MQTT 5 Topic Alias Maximum in CONNACK). */
    static final int MAX_TOPIC_ALIASES = 16;

    private enum State { AWAIT_CONNECT, AUTHENTICATING, CONNECTED, CLOSED }

    private final GatewayRuntime runtime;
    private final GatewayLimits limits;
    private final List<MqttMessage> pending = new ArrayList<>();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final String[] topicAliases = new String[MAX_TOPIC_ALIASES + 1];
    private final TokenBucket publishRate;
    private final AtomicBoolean cutOffAsSlowConsumer = new AtomicBoolean();
    /** {@link System#nanoTime} when the channel last became unwritable; 0 while writable. */
    private volatile long unwritableSince;
    private volatile Channel channel;
    private String sourceIp = "unknown";
    private InetAddress sourceAddress;
    /** The TLS handshake ended (either way) or was given up at the connect timeout; event loop only. */
    private boolean handshakeDone;
    private State state = State.AWAIT_CONNECT;
    private ScheduledFuture<?> connectTimeout;
    private volatile X509Certificate certificate;
    private volatile DeviceIdentity identity;
    private volatile boolean revoked;
    private volatile boolean mqtt5;
    private volatile String clientId;
    private volatile Authorizer authorizer;
    private volatile int clientReceiveMaximum = 65_535;
    private volatile long clientMaximumPacketSize = Long.MAX_VALUE;
    private volatile DisconnectCause cause;
    /** Set once the CONNECT was accepted and handed to the broker; the broker must hear of the close. */
    private boolean attached;
    private Message will;
    private long willDelaySeconds;
    /** The session this connection attached to; broker thread only (see {@link #currentSession}). */
    private Session session;
    /** PUBACKs/PUBRECs waiting for the session journal; later ones wait behind them to keep their order. */
    private final AtomicInteger deferredAcks = new AtomicInteger();

    MqttConnection(GatewayRuntime runtime) {
        this.runtime = runtime;
        this.limits = runtime.config().limits();
        this.publishRate = new TokenBucket(runtime.config().firewall().publishRate(), System.nanoTime());
    }

    // ---- called from any thread -------------------------------------------------------------------------------

    String clientId() {
        return clientId;
    }

    DeviceIdentity identity() {
        return identity;
    }

    /** What this connection has carried so far. */
    MessageCounters counters() {
        return new MessageCounters(messagesIn.get(), bytesIn.get(), messagesOut.get(), bytesOut.get());
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

    boolean isWritable() {
        return channel.isWritable();
    }

    /** Bytes written to this connection but not yet handed to the socket (Netty's and the TLS layer's buffers). */
    long pendingOutboundBytes() {
        Channel ch = channel;
        io.netty.channel.ChannelOutboundBuffer buffer = ch == null ? null : ch.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** When the channel became unwritable ({@link System#nanoTime}), or 0 if it is writable. */
    long unwritableSince() {
        return unwritableSince;
    }

    /** True only for the first caller: a slow consumer is cut off once, however many messages still arrive. */
    boolean markSlowConsumer() {
        return cutOffAsSlowConsumer.compareAndSet(false, true);
    }

    int clientReceiveMaximum() {
        return clientReceiveMaximum;
    }

    boolean hasCertificateSerial(BigInteger serial) {
        X509Certificate cert = certificate;
        return cert != null && cert.getSerialNumber().equals(serial);
    }

    void write(MqttMessage message) {
        channel.writeAndFlush(message, channel.voidPromise());
    }

    /** MQTT 5: a message larger than the client's Maximum Packet Size must be discarded for that client. */
    boolean fitsClient(Message m) {
        return estimatedPublishSize(m) <= clientMaximumPacketSize;
    }

    void writePublish(Delivery delivery, int packetId, boolean dup) {
        Message m = delivery.message();
        if (revoked) {
            return;
        }
        messagesOut.incrementAndGet();
        bytesOut.addAndGet(m.payload().length);
        write(Packets.publish(delivery, packetId, dup, System.nanoTime()));
    }

    /**
     * Ends the connection at once: MQTT 5 clients get DISCONNECT with {@code reason} first. Revocation marks the
     * connection before anything else so no further message is delivered and no will is published.
     */
    void kick(DisconnectCause why, ReasonCode reason) {
        if (why == DisconnectCause.REVOKED) {
            revoked = true;
        }
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        ch.eventLoop().execute(() -> {
            if (cause == null) {
                cause = why;
            }
            if (!ch.isActive()) {
                return;
            }
            if (why == DisconnectCause.SLOW_CONSUMER) {
                // Its buffers are full: a DISCONNECT or TLS close_notify would only wait behind them (3 s by default).
                SslHandler ssl = ch.pipeline().get(SslHandler.class);
                if (ssl != null) {
                    ssl.setCloseNotifyFlushTimeoutMillis(100);
                }
                ch.close();
                return;
            }
            if (mqtt5 && state == State.CONNECTED) {
                ch.writeAndFlush(Packets.disconnect(reason)).addListener(ChannelFutureListener.CLOSE);
                // A client that does not read must not delay the cut-off.
                ch.eventLoop().schedule(() -> ch.close(), 200, TimeUnit.MILLISECONDS);
            } else {
                ch.close();
            }
        });
    }

    // ---- broker thread -----------------------------------------------------------------------------------------

    /** The session this connection has, or null: none yet, or taken over by a newer connection. */
    Session currentSession() {
        Session s = session;
        return s != null && s.isOwnedBy(this) ? s : null;
    }

    /** The connection has {@code session} now (CONNECT accepted). */
    void bindSession(Session session) {
        this.session = session;
    }

    /** Returns the session this connection was bound to (even if taken over since), and forgets it. */
    Session unbindSession() {
        Session s = session;
        session = null;
        return s;
    }

    /** Whether acknowledgements of this connection still wait for the journal; later ones must wait behind them. */
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

    // ---- channel events (event loop) --------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        if (channel.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null) {
            sourceAddress = address.getAddress();
            sourceIp = sourceAddress.getHostAddress();
        }
        connectTimeout = ctx.executor().schedule(() -> {
            if (state != State.CONNECTED) {
                LOG.debug("Connect timeout for {}", sourceIp);
                if (!handshakeDone) {
                    // A handshake left hanging (slowloris) counts toward a ban like a failed one, unless the
                    // gateway itself was behind (EventLoopLag).
                    handshakeDone = true;
                    if (runtime.loopLag().behindRecently()) {
                        runtime.events().tlsHandshakeFailed(sourceIp,
                                "handshake not completed within the connect timeout while the gateway was behind");
                    } else {
                        runtime.events().tlsHandshakeFailed(sourceIp,
                                "handshake not completed within the connect timeout");
                        recordFailure(ConnectionFirewall.FailureKind.TLS_HANDSHAKE);
                    }
                }
                closeFor(DisconnectCause.PROTOCOL_ERROR);
            }
        }, limits.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            onHandshake(ctx, handshake);
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
            pending.add(message);
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
        if (ctx.channel().isWritable()) {
            unwritableSince = 0;
            if (attached) {
                toBroker(() -> runtime.broker().onWritable(this));
            }
        } else if (unwritableSince == 0) {
            unwritableSince = System.nanoTime() | 1;
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSED;
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        runtime.registry().remove(this);
        if (attached) {
            DisconnectCause why = cause == null ? DisconnectCause.CONNECTION_LOST : cause;
            // No will after a clean DISCONNECT (cleared there) or after revocation: a revoked device publishes nothing.
            Message dueWill = revoked ? null : will;
            long dueWillDelay = willDelaySeconds;
            toBroker(() -> runtime.broker().detach(this, dueWill, dueWillDelay));
            runtime.events().disconnected(identity, clientId, why, new MessageCounters(messagesIn.get(),
                    bytesIn.get(), messagesOut.get(), bytesOut.get()));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection error from {} (client {}): {}", sourceIp, clientId, cause.toString());
        closeFor(DisconnectCause.CONNECTION_LOST);
    }

    // ---- TLS and CONNECT --------------------------------------------------------------------------------------

    private void onHandshake(ChannelHandlerContext ctx, SslHandshakeCompletionEvent handshake) {
        if (handshakeDone) {
            return;
        }
        handshakeDone = true;
        if (!handshake.isSuccess()) {
            Throwable cause = handshake.cause();
            String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            LOG.debug("TLS handshake from {} failed: {}", sourceIp, reason);
            runtime.events().tlsHandshakeFailed(sourceIp, reason);
            // A peer that merely closed (a TCP health check, a port scan) is left to the connection rate limit;
            // a TLS error (no or bad certificate, protocol, cipher, handshake timeout) counts toward a ban, except
            // a timeout while the gateway itself was behind (EventLoopLag).
            boolean gatewaysDelay = cause instanceof SslHandshakeTimeoutException && runtime.loopLag().behindRecently();
            if (cause instanceof SSLException && !gatewaysDelay) {
                recordFailure(ConnectionFirewall.FailureKind.TLS_HANDSHAKE);
            }
            ctx.close();
            return;
        }
        try {
            Certificate[] peer = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            certificate = (X509Certificate) peer[0];
            runtime.registry().add(this);
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            runtime.events().tlsHandshakeFailed(sourceIp, "no verified client certificate");
            recordFailure(ConnectionFirewall.FailureKind.TLS_HANDSHAKE);
            ctx.close();
        }
    }

    private void handle(MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            onMalformed(message.decoderResult().cause());
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.AWAIT_CONNECT) {
            if (!(message instanceof MqttConnectMessage connect)) {
                LOG.debug("First packet from {} was not CONNECT", sourceIp);
                closeFor(DisconnectCause.PROTOCOL_ERROR);
                return;
            }
            onConnect(connect);
            return;
        }
        dispatch(message);
    }

    private void onMalformed(Throwable cause) {
        LOG.debug("Malformed packet from {} (client {}): {}", sourceIp, clientId, cause.toString());
        ReasonCode reason = cause instanceof TooLongFrameException ? ReasonCode.PACKET_TOO_LARGE
                : ReasonCode.MALFORMED_PACKET;
        disconnect(DisconnectCause.PROTOCOL_ERROR, reason);
    }

    private void onConnect(MqttConnectMessage connect) {
        ConnectRequest request;
        try {
            request = ConnectRequest.parse(connect, limits);
        } catch (ConnectRequest.RefusedException e) {
            mqtt5 = e.mqtt5();
            clientId = connect.payload().clientIdentifier();
            refuse(e.refusal());
            return;
        }
        mqtt5 = request.mqtt5();
        clientId = request.clientId();
        will = request.will();
        willDelaySeconds = request.willDelaySeconds();
        clientReceiveMaximum = request.clientReceiveMaximum();
        clientMaximumPacketSize = request.clientMaximumPacketSize();

        state = State.AUTHENTICATING;
        channel.config().setAutoRead(false);
        X509Certificate cert = certificate;
        try {
            runtime.workers().execute(() -> authenticate(cert, request));
        } catch (RuntimeException rejected) {
            LOG.warn("Authentication workers unavailable; refusing client {}", request.clientId());
            refuse(Packets.Refusal.SERVER_UNAVAILABLE);
        }
    }

    /** Worker thread. Re-runs when a revocation happened meanwhile, so none is missed between check and register. */
    private void authenticate(X509Certificate cert, ConnectRequest request) {
        ConnectAuthorization.Outcome outcome;
        int attempts = 0;
        long epoch;
        do {
            epoch = runtime.registry().revocationEpoch();
            outcome = runtime.connectAuthorization().decide(cert, request.clientId(), sourceIp, request.will());
            identity = outcome.identity();
        } while (runtime.registry().revocationEpoch() != epoch && ++attempts < 5);
        ConnectAuthorization.Outcome decided = outcome;
        channel.eventLoop().execute(() -> completeConnect(decided, request));
    }

    private void completeConnect(ConnectAuthorization.Outcome outcome, ConnectRequest request) {
        if (state != State.AUTHENTICATING || !channel.isActive()) {
            return;
        }
        if (revoked || !outcome.accepted()) {
            if (revoked || outcome.sourceAtFault()) {
                recordFailure(ConnectionFirewall.FailureKind.AUTHENTICATION);
            }
            refuse(outcome.accepted() ? Packets.Refusal.NOT_AUTHORIZED : outcome.refusal());
            return;
        }
        authorizer = outcome.authorizer();
        state = State.CONNECTED;
        connectTimeout.cancel(false);
        runtime.connecting().left(channel);
        long idleMillis = request.keepAliveSeconds() * 1500L;
        channel.pipeline().addBefore(GatewayRuntime.FRAMER, "keep-alive",
                new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        LOG.info("Client {} (thing {}) connected from {} over MQTT {}", clientId, identity.thingName(), sourceIp,
                mqtt5 ? "5" : "3.1.1");
        runtime.events().connected(identity, clientId, sourceIp, mqtt5 ? "MQTT 5" : "MQTT 3.1.1");
        // The broker thread runs tasks in order, so packets replayed below are handled after the attach.
        attached = true;
        toBroker(() -> runtime.broker().attach(this, request.attach()));
        List<MqttMessage> early = new ArrayList<>(pending);
        pending.clear();
        for (MqttMessage m : early) {
            channelRead(channel.pipeline().context(this), m);
        }
        channel.config().setAutoRead(true);
    }

    /** Hands {@code task} to the broker thread; called on this connection's event loop only. */
    private void toBroker(Runnable task) {
        runtime.broker().inbox().submit(channel.eventLoop(), task);
    }

    private void recordFailure(ConnectionFirewall.FailureKind kind) {
        if (sourceAddress != null) {
            runtime.firewall().recordFailure(sourceAddress, kind);
        }
    }

    private void refuse(Packets.Refusal refusal) {
        state = State.CLOSED;
        channel.writeAndFlush(Packets.connAckRefused(mqtt5, refusal)).addListener(ChannelFutureListener.CLOSE);
    }

    // ---- packets after CONNECT --------------------------------------------------------------------------------

    private void dispatch(MqttMessage message) {
        Broker broker = runtime.broker();
        switch (message.fixedHeader().messageType()) {
            case PUBLISH -> onPublish((MqttPublishMessage) message);
            case PUBACK -> {
                int id = packetId(message);
                toBroker(() -> broker.onPubAck(this, id));
            }
            case PUBREC -> {
                int id = packetId(message);
                int reason = message.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
                        ? Byte.toUnsignedInt(reply.reasonCode()) : 0;
                toBroker(() -> broker.onPubRec(this, id, reason));
            }
            case PUBREL -> {
                int id = packetId(message);
                toBroker(() -> broker.onPubRel(this, id));
            }
            case PUBCOMP -> {
                int id = packetId(message);
                toBroker(() -> broker.onPubComp(this, id));
            }
            case SUBSCRIBE -> onSubscribe((MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> {
                MqttUnsubscribeMessage unsubscribe = (MqttUnsubscribeMessage) message;
                int id = unsubscribe.variableHeader().messageId();
                List<String> filters = List.copyOf(unsubscribe.payload().topics());
                toBroker(() -> broker.unsubscribe(this, id, filters));
            }
            case PINGREQ -> channel.writeAndFlush(MqttMessage.PINGRESP, channel.voidPromise());
            case DISCONNECT -> onDisconnect(message);
            default -> throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR,
                    "unexpected " + message.fixedHeader().messageType());
        }
    }

    private void onPublish(MqttPublishMessage publish) {
        if (!publishRate.tryTake(System.nanoTime())) {
            runtime.counters().publishRateDisconnects.incrementAndGet();
            LOG.info("Client {} from {} published faster than {} messages/s; disconnecting", clientId, sourceIp,
                    runtime.config().firewall().publishRate().perSecond());
            disconnect(DisconnectCause.PUBLISH_RATE_EXCEEDED, ReasonCode.MESSAGE_RATE_TOO_HIGH);
            return;
        }
        String topic = publish.variableHeader().topicName();
        MqttQoS qos = publish.fixedHeader().qosLevel();
        int packetId = publish.variableHeader().packetId();
        boolean retain = publish.fixedHeader().isRetain();
        MqttProperties props = publish.variableHeader().properties();
        topic = resolveTopicAlias(topic, ConnectRequest.intProperty(props, MqttProperties.TOPIC_ALIAS));
        ByteBuf content = publish.content();
        byte[] payload = ByteBufUtil.getBytes(content, content.readerIndex(), content.readableBytes(), true);
        messagesIn.incrementAndGet();
        bytesIn.addAndGet(payload.length);
        Broker broker = runtime.broker();
        if (!authorizer.mayPublish(topic, retain)) {
            if (!mqtt5) {
                // MQTT 3.1.1 has no negative PUBACK; as AWS IoT does, a denied publish ends the connection.
                closeFor(DisconnectCause.NOT_AUTHORIZED);
            } else if (qos != MqttQoS.AT_MOST_ONCE) {
                boolean exactlyOnce = qos == MqttQoS.EXACTLY_ONCE;
                toBroker(() -> broker.refusePublish(this, packetId, exactlyOnce, ReasonCode.NOT_AUTHORIZED));
            }
            return;
        }
        Message message = Message.of(topic, payload, qos, retain, props, clientId);
        toBroker(() -> broker.onPublish(this, message, packetId));
    }

    /**
     * MQTT 5 inbound topic aliases. The alias is resolved before anything else, so authorization and routing always
     * see the full topic name.
     */
    private String resolveTopicAlias(String topic, Integer alias) {
        if (alias == null) {
            if (!Topics.isValidName(topic, limits)) {
                throw new ProtocolViolation(ReasonCode.TOPIC_NAME_INVALID, "invalid topic name");
            }
            return topic;
        }
        if (!mqtt5 || alias < 1 || alias > MAX_TOPIC_ALIASES) {
            throw new ProtocolViolation(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias out of range");
        }
        if (topic.isEmpty()) {
            String known = topicAliases[alias];
            if (known == null) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "unknown topic alias");
            }
            return known;
        }
        if (!Topics.isValidName(topic, limits)) {
            throw new ProtocolViolation(ReasonCode.TOPIC_NAME_INVALID, "invalid topic name");
        }
        topicAliases[alias] = topic;
        return topic;
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        int packetId = subscribe.variableHeader().messageId();
        List<MqttTopicSubscription> topics = subscribe.payload().topicSubscriptions();
        if (topics.isEmpty()) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without topic filters");
        }
        List<Broker.SubscribeRequest> requests = new ArrayList<>(topics.size());
        for (MqttTopicSubscription t : topics) {
            requests.add(subscribeRequest(t));
        }
        Broker broker = runtime.broker();
        toBroker(() -> broker.subscribe(this, packetId, requests));
    }

    private Broker.SubscribeRequest subscribeRequest(MqttTopicSubscription t) {
        String raw = t.topicName();
        int invalid = mqtt5 ? ReasonCode.TOPIC_FILTER_INVALID.code : 0x80;
        Topics.SharedFilter shared;
        try {
            shared = Topics.shared(raw);
        } catch (IllegalArgumentException e) {
            return new Broker.SubscribeRequest(null, invalid);
        }
        String filter = shared == null ? raw : shared.filter();
        if (!Topics.isValidFilter(filter, limits) || (shared != null && t.option().isNoLocal())) {
            return new Broker.SubscribeRequest(null, invalid);
        }
        if (!authorizer.maySubscribe(raw)) {
            return new Broker.SubscribeRequest(null, mqtt5 ? ReasonCode.NOT_AUTHORIZED.code : 0x80);
        }
        return new Broker.SubscribeRequest(new Subscription(raw, filter, shared == null ? null : shared.group(),
                t.option().qos(), t.option().isNoLocal(), t.option().isRetainAsPublished(),
                t.option().retainHandling().value()), 0);
    }

    private void onDisconnect(MqttMessage message) {
        boolean withWill = mqtt5 && message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h
                && h.reasonCode() == 0x04;
        if (!withWill) {
            will = null;
        }
        closeFor(DisconnectCause.CLIENT_DISCONNECT);
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    private long estimatedPublishSize(Message m) {
        // Fixed header (max 5) + topic (2 + UTF-8, at most 3 bytes a char) + packet ID + properties (bounded guess).
        long properties = 0;
        for (MqttProperties.MqttProperty<?> p : m.forwarded().listAll()) {
            properties += 8 + String.valueOf(p.value()).length() * 3L;
        }
        return 5 + 2 + m.topic().length() * 3L + 2 + 4 + properties + m.payload().length;
    }

    private void disconnect(DisconnectCause why, ReasonCode reason) {
        if (cause == null) {
            cause = why;
        }
        if (mqtt5 && state == State.CONNECTED && channel.isActive()) {
            state = State.CLOSED;
            channel.writeAndFlush(Packets.disconnect(reason)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        closeFor(why);
    }

    private void closeFor(DisconnectCause why) {
        if (cause == null) {
            cause = why;
        }
        state = State.CLOSED;
        channel.close();
    }
}
