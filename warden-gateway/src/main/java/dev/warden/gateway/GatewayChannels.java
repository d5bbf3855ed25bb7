package dev.warden.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;

/**
 * Builds the listening sockets of a running gateway and the pipeline of each connection they accept: the firewall
 * first (before any handler, so a refused connection never reaches TLS), then TLS, flush coalescing, for WebSocket the
 * HTTP upgrade and framing, the MQTT codec and the {@link MqttConnection}. Used while starting; thread-safe as Netty
 * requires of channel initializers (it keeps no mutable state).
 */
final class GatewayChannels {
    /**
     * A connection stops taking QoS 0 deliveries (and queues QoS 1/2 in its session) once this much waits to be
     * written: four times Netty's default, so that an application reading the whole fleet's telemetry rides out a
     * burst of some tens of milliseconds instead of losing it, while a stalled reader still holds at most 256 KiB
     * beyond the kernel's buffer until {@link SlowConsumerPolicy} cuts it off.
     */
    static final WriteBufferWaterMark OUTBOUND_BUFFER = new WriteBufferWaterMark(128 * 1024, 256 * 1024);

    /**
     * The listening sockets' accept queue: where connections wait while {@link GatewayLimits#maxConnecting()} holds
     * accepting back. With 1,024, 10,000 devices reconnecting at once overflowed it (56,870 SYNs dropped, and 218
     * ACKs that failed the SYN-cookie check, each answered with a reset) and were all back 33 s after the port opened;
     * with 4,096 no attempt failed and they were back in 22 s. The kernel caps it at {@code net.core.somaxconn}
     * (4,096 by default since Linux 5.4).
     */
    static final int ACCEPT_BACKLOG = 4_096;

    private final GatewayConfig config;
    private final GatewayTls tls;
    private final GatewayRuntime runtime;
    private final FirewallGate gate;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelType;

    GatewayChannels(
            GatewayConfig config,
            GatewayTls tls,
            GatewayRuntime runtime,
            FirewallGate gate,
            EventLoopGroup bossGroup,
            EventLoopGroup workerGroup,
            Class<? extends ServerChannel> channelType) {
        this.config = config;
        this.tls = tls;
        this.runtime = runtime;
        this.gate = gate;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.channelType = channelType;
    }

    /** MQTT over TLS. */
    ServerBootstrap mqtt() {
        return bootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                // First, before any handler exists: a refused connection never reaches TLS.
                if (!gate.admit(ch)) {
                    return;
                }
                addTls(ch);
                PacketFramer.addCodec(
                        ch.pipeline(),
                        config.limits().maxPacketSize(),
                        config.limits().maxClientIdLength());
                ch.pipeline().addLast("mqtt", new MqttConnection(runtime));
            }
        });
    }

    /** MQTT over secure WebSocket: path {@code /mqtt}, subprotocol {@code mqtt}. */
    ServerBootstrap webSocket() {
        int maxPacket = config.limits().maxPacketSize();
        long handshakeTimeout = config.limits().connectTimeout().toMillis();
        return bootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (!gate.admit(ch)) {
                    return;
                }
                addTls(ch)
                        .addLast("http", new HttpServerCodec(4096, 8192, 8192))
                        .addLast("http-aggregator", new HttpObjectAggregator(8192))
                        .addLast(
                                "websocket",
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/mqtt")
                                        .subprotocols("mqtt,mqttv3.1")
                                        .maxFramePayloadLength(maxPacket)
                                        .handshakeTimeoutMillis(handshakeTimeout)
                                        .build()))
                        .addLast("ws-other-paths", new WebSocketFrames.RefuseOtherPaths())
                        .addLast("ws-aggregator", new WebSocketFrameAggregator(maxPacket))
                        .addLast("ws-unwrap", new WebSocketFrames.Unwrap())
                        .addLast("ws-wrap", new WebSocketFrames.Wrap());
                PacketFramer.addCodec(ch.pipeline(), maxPacket, config.limits().maxClientIdLength());
                ch.pipeline().addLast("mqtt", new MqttConnection(runtime));
            }
        });
    }

    private ServerBootstrap bootstrap(ChannelInitializer<SocketChannel> connection) {
        return new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                // Counts connections from accept to CONNACK and stops accepting at maxConnecting (ConnectingLimit).
                .handler(runtime.connecting().onAccept())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, OUTBOUND_BUFFER)
                .childHandler(connection);
    }

    private ChannelPipeline addTls(SocketChannel ch) {
        SslHandler ssl = tls.context().newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(config.limits().connectTimeout().toMillis());
        return ch.pipeline().addLast("tls", ssl).addLast("flush", coalescingFlushes());
    }

    /**
     * Sits between TLS and the MQTT codec: deliveries reach a connection as one write task each from the broker
     * thread, and flushing each one would cost a TLS record and a system call per message. Deferring the flush to
     * the end of the event loop's current batch lets TLS pack the pending messages into few records (up to 16 KiB
     * each) and write them at once; a flush is never held past that batch or past 256 flushes.
     */
    private static FlushConsolidationHandler coalescingFlushes() {
        return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
    }
}
