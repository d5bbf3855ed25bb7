package dev.warden.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;

/**
 * One device's connection on Netty: BoringSSL mutual TLS with the device's own key (see {@link DeviceKeyManager}),
 * MQTT 5 with netty-codec-mqtt, PINGREQ after 60 s without a write (keep-alive 120 s), QoS 0 and 1 publishes
 * (PUBACK completes a QoS 1 publish) and one QoS 0 subscription.
 */
final class NettyLoadConnection implements LoadConnection {
    private static final int KEEP_ALIVE_SECONDS = 120;
    private static final int PING_AFTER_SECONDS = KEEP_ALIVE_SECONDS / 2;
    private static final int MAX_PACKET_ID = 0xFFFF;
    private static final MqttMessage PINGREQ =
            new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private final BenchDevice device;
    private final int port;
    private final InetAddress source;
    private final Bootstrap bootstrap;
    private final SslContext tls;
    private final DeviceKeyManager keys;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Long> disconnected = new CompletableFuture<>();
    /** QoS 1 publishes and subscriptions waiting for their acknowledgement, by packet ID. */
    private final Map<Integer, CompletableFuture<Void>> awaitingAck = new ConcurrentHashMap<>();

    private final AtomicInteger lastPacketId = new AtomicInteger();
    private volatile Channel channel;
    private volatile Consumer<byte[]> onMessage = payload -> {};

    NettyLoadConnection(
            BenchDevice device,
            int port,
            InetAddress source,
            Bootstrap bootstrap,
            SslContext tls,
            DeviceKeyManager keys) {
        this.device = device;
        this.port = port;
        this.source = source;
        this.bootstrap = bootstrap;
        this.tls = tls;
        this.keys = keys;
    }

    @Override
    public BenchDevice device() {
        return device;
    }

    @Override
    public CompletableFuture<Void> connect() {
        ChannelFuture opening = bootstrap
                .clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // TLS is added once TCP is up (Handler#channelActive): a refused attempt costs no TLS engine.
                        ch.pipeline()
                                .addLast(
                                        new MqttDecoder(),
                                        MqttEncoder.INSTANCE,
                                        new IdleStateHandler(0, PING_AFTER_SECONDS, 0),
                                        new Handler());
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port), new InetSocketAddress(source, 0));
        channel = opening.channel();
        opening.addListener(done -> {
            if (!done.isSuccess()) {
                connected.completeExceptionally(done.cause());
                disconnected.complete(System.nanoTime());
            }
        });
        // TCP and TLS have their own timeouts; this one bounds the wait for the CONNACK.
        connected
                .orTimeout(3L * NettyLoadClient.TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        channel.close();
                    }
                });
        return connected;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        int packetId = qos == AT_MOST_ONCE ? 0 : nextPacketId(accepted);
        MqttPublishMessage message = MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.valueOf(qos))
                .retained(false)
                .messageId(packetId)
                .payload(Unpooled.wrappedBuffer(payload))
                .build();
        channel.writeAndFlush(message).addListener(written -> {
            if (!written.isSuccess()) {
                awaitingAck.remove(packetId);
                accepted.completeExceptionally(written.cause());
            } else if (qos == AT_MOST_ONCE) {
                accepted.complete(null);
            }
        });
        return accepted;
    }

    @Override
    public Executor sendExecutor() {
        return channel.eventLoop();
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, Consumer<byte[]> handler) {
        onMessage = handler;
        CompletableFuture<Void> granted = new CompletableFuture<>();
        int packetId = nextPacketId(granted);
        channel.writeAndFlush(MqttMessageBuilders.subscribe()
                        .messageId(packetId)
                        .addSubscription(MqttQoS.AT_MOST_ONCE, filter)
                        .build())
                .addListener(written -> {
                    if (!written.isSuccess()) {
                        awaitingAck.remove(packetId);
                        granted.completeExceptionally(written.cause());
                    }
                });
        return granted.whenComplete((ok, refused) -> {
            if (refused != null) {
                onMessage = payload -> {};
            }
        });
    }

    /** The next free packet ID (1..65535), registered for {@code ack}. */
    private int nextPacketId(CompletableFuture<Void> ack) {
        for (int tries = 0; tries < MAX_PACKET_ID; tries++) {
            int id = lastPacketId.updateAndGet(last -> last % MAX_PACKET_ID + 1);
            if (awaitingAck.putIfAbsent(id, ack) == null) {
                return id;
            }
        }
        throw new IllegalStateException("no free packet ID");
    }

    @Override
    public CompletableFuture<Long> disconnected() {
        return disconnected;
    }

    @Override
    public boolean isConnected() {
        Channel ch = channel;
        return ch != null
                && ch.isActive()
                && connected.isDone()
                && !connected.isCompletedExceptionally()
                && !disconnected.isDone();
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return CompletableFuture.completedFuture(null);
        }
        ch.writeAndFlush(MqttMessageBuilders.disconnect().build()).addListener(written -> ch.close());
        // Done once the channel's inactive event has run, not merely when close() returned: disconnected() is set.
        return disconnected.thenApply(at -> null);
    }

    /** The MQTT client state machine of this one connection; runs on the channel's event loop. */
    private final class Handler extends SimpleChannelInboundHandler<MqttMessage> {
        private SSLEngine engine;

        /** TCP is up: TLS goes in front of the MQTT codec, and the handshake starts as it is added. */
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            // The peer host is the address the server certificate is checked against, as with the HiveMQ client.
            SslHandler ssl = tls.newHandler(ctx.alloc(), "127.0.0.1", port);
            ssl.setHandshakeTimeoutMillis(TimeUnit.SECONDS.toMillis(NettyLoadClient.TIMEOUT_SECONDS));
            engine = ssl.engine();
            keys.register(engine, device);
            SSLEngine registered = engine;
            ctx.channel().closeFuture().addListener(closed -> keys.forget(registered));
            ctx.pipeline().addFirst(ssl);
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent handshake) {
                keys.forget(engine);
                if (handshake.isSuccess()) {
                    ctx.writeAndFlush(MqttMessageBuilders.connect()
                            .clientId(device.name())
                            .protocolVersion(MqttVersion.MQTT_5)
                            .cleanSession(true)
                            .keepAlive(KEEP_ALIVE_SECONDS)
                            .build());
                } else {
                    connected.completeExceptionally(handshake.cause());
                    ctx.close();
                }
            } else if (event instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(PINGREQ);
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
            if (message.decoderResult().isFailure()) {
                connected.completeExceptionally(message.decoderResult().cause());
                ctx.close();
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case CONNACK -> onConnAck(ctx, (MqttConnAckMessage) message);
                case PUBACK -> onPubAck(message);
                case SUBACK -> onSubAck((MqttSubAckMessage) message);
                case PUBLISH -> onPublish(ctx, (MqttPublishMessage) message);
                case DISCONNECT -> {
                    // The broker's DISCONNECT (e.g. on revocation) is the moment the device learns it is cut.
                    disconnected.complete(System.nanoTime());
                    ctx.close();
                }
                default -> {
                    // PINGRESP and anything else needs no answer.
                }
            }
        }

        private void onConnAck(ChannelHandlerContext ctx, MqttConnAckMessage connAck) {
            MqttConnectReturnCode code = connAck.variableHeader().connectReturnCode();
            if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                connected.complete(null);
            } else {
                connected.completeExceptionally(new IllegalStateException("CONNACK " + code));
                ctx.close();
            }
        }

        private void onPubAck(MqttMessage message) {
            int id = ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
            CompletableFuture<Void> ack = awaitingAck.remove(id);
            if (ack != null) {
                int reason = message.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
                        ? reply.reasonCode() & 0xFF
                        : 0;
                if (reason >= 0x80) {
                    ack.completeExceptionally(new PublishRefused(reason));
                } else {
                    ack.complete(null);
                }
            }
        }

        private void onSubAck(MqttSubAckMessage subAck) {
            CompletableFuture<Void> ack =
                    awaitingAck.remove(subAck.variableHeader().messageId());
            if (ack != null) {
                if (subAck.payload().reasonCodes().stream().anyMatch(code -> code >= 0x80)) {
                    ack.completeExceptionally(new IllegalStateException(
                            "subscription refused: " + subAck.payload().reasonCodes()));
                } else {
                    ack.complete(null);
                }
            }
        }

        /** A message for the application: QoS 1 is acknowledged at once. */
        private void onPublish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
            if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                ctx.writeAndFlush(MqttMessageBuilders.pubAck()
                        .packetId(publish.variableHeader().packetId())
                        .build());
            }
            onMessage.accept(ByteBufUtil.getBytes(publish.content()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            connected.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disconnected.complete(System.nanoTime());
            IllegalStateException closed = new IllegalStateException("connection closed");
            connected.completeExceptionally(closed);
            awaitingAck.values().forEach(ack -> ack.completeExceptionally(closed));
            awaitingAck.clear();
            super.channelInactive(ctx);
        }
    }
}
