package dev.warden.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warden's device gateway: an MQTT 3.1.1 and 5.0 broker reachable only over mutual TLS. Every CONNECT is
 * authenticated by the caller's {@link DeviceAuthenticator}; every CONNECT, PUBLISH, SUBSCRIBE and delivery is
 * decided by the policy engine with the thing's policies from the {@link PolicyProvider}. Anything not explicitly
 * allowed is refused.
 *
 * <pre>{@code
 * MqttGateway gateway = new MqttGateway(GatewayConfig.of("0.0.0.0", 8883, "eu-west-1", "default"),
 *         GatewayTls.create(() -> credentials, trustManager), authenticator, policyProvider, auditEvents);
 * gateway.start();
 * revocations.onRevoked(serial -> gateway.sessions().disconnectBySerial(serial));
 * }</pre>
 */
public final class MqttGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);

    private final GatewayConfig config;
    private final GatewayTls tls;
    private final GatewayEvents events;
    private final SessionRegistry registry = new SessionRegistry();
    private final ConnectAuthorization connectAuthorization;
    private final ConnectionFirewall firewall;
    private final FlowCounters flowCounters = new FlowCounters();
    private final TrafficTotals totals = new TrafficTotals();
    private final PublishListener publishes;
    private final SessionStore sessionStore;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    /** The broker thread of the current run; null when stopped. */
    private BrokerThread brokerThread;

    private ThreadPoolExecutor authWorkers;
    private GatewayRuntime runtime;
    private GatewayChannels channels;
    private volatile Channel webSocketChannel;
    private Channel serverChannel;

    public MqttGateway(
            GatewayConfig config,
            GatewayTls tls,
            DeviceAuthenticator authenticator,
            PolicyProvider policies,
            GatewayEvents events) {
        this(config, tls, authenticator, policies, events, PublishListener.NONE);
    }

    /**
     * A gateway that also hands every accepted PUBLISH to {@code publishes} (see {@link PublishListener} for what
     * the listener must never do: block or throw).
     */
    public MqttGateway(
            GatewayConfig config,
            GatewayTls tls,
            DeviceAuthenticator authenticator,
            PolicyProvider policies,
            GatewayEvents events,
            PublishListener publishes) {
        this(config, tls, authenticator, policies, events, publishes, SessionStore.NONE);
    }

    /**
     * A gateway whose persistent sessions, retained messages and waiting wills survive a restart: they are written to
     * {@code sessionStore} as they change (off the broker thread, in batches) and loaded from it at {@link #start()}.
     * With {@link SessionStore#NONE} they live in memory only.
     */
    public MqttGateway(
            GatewayConfig config,
            GatewayTls tls,
            DeviceAuthenticator authenticator,
            PolicyProvider policies,
            GatewayEvents events,
            PublishListener publishes,
            SessionStore sessionStore) {
        this.sessionStore = Objects.requireNonNull(sessionStore, "sessionStore");
        this.publishes = Objects.requireNonNull(publishes, "publishes");
        this.config = Objects.requireNonNull(config, "config");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.events = new CountingEvents(totals, new SafeEvents(events == null ? GatewayEvents.NONE : events));
        this.connectAuthorization = new ConnectAuthorization(
                config,
                Objects.requireNonNull(authenticator, "authenticator"),
                Objects.requireNonNull(policies, "policies"),
                this.events);
        this.firewall = new ConnectionFirewall(
                config.firewall(),
                config.limits().maxConnections(),
                System::nanoTime,
                new ConnectionFirewall.BanListener() {
                    @Override
                    public void banned(BanTarget target, Duration duration, String reason, boolean manual) {
                        LOG.warn("Banned {} for {}{}: {}", target, duration, manual ? " by an operator" : "", reason);
                        MqttGateway.this.events.banned(target, duration, reason, manual);
                    }

                    @Override
                    public void lifted(BanTarget target, boolean expired) {
                        LOG.info("Ban of {} {}", target, expired ? "expired" : "lifted by an operator");
                        MqttGateway.this.events.banLifted(target, expired);
                    }
                });
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws GatewayStartException if the port cannot be bound (the gateway is then stopped again)
     * @throws RuntimeException        whatever the session store throws while loading (nothing is listening then)
     */
    public synchronized void start() {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, named("mqtt-accept"), io);
        // The accept loop is the firewall's own thread: it also ends bans on time, so every expiry is reported.
        bossGroup.scheduleWithFixedDelay(firewall::expireBans, 1, 1, TimeUnit.SECONDS);
        // One I/O thread per core, not Netty's two: with the broker thread beside them, more threads than cores
        // only add context switches (a quarter of the node's kernel time under publish load).
        workerGroup = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), named("mqtt-io"), io);
        // Bounded: a flood of CONNECTs while the authenticator is slow is refused rather than queued without end.
        authWorkers = new ThreadPoolExecutor(
                2, 8, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), named("mqtt-auth"));
        brokerThread = new BrokerThread(named("mqtt-broker"), config, events, flowCounters, publishes, sessionStore);
        try {
            brokerThread.restore(sessionStore);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        EventLoopLag loopLag = new EventLoopLag(config.limits().connectTimeout().multipliedBy(2));
        loopLag.watch(workerGroup);
        ConnectingLimit connecting = new ConnectingLimit(config.limits().maxConnecting());
        runtime = new GatewayRuntime(
                config,
                brokerThread.broker(),
                registry,
                connectAuthorization,
                events,
                authWorkers,
                firewall,
                flowCounters,
                totals,
                loopLag,
                connecting);
        channels = new GatewayChannels(
                config, tls, runtime, new FirewallGate(firewall, events), bossGroup, workerGroup, channelType);
        ServerBootstrap bootstrap = channels.mqtt();
        try {
            serverChannel = bootstrap
                    .bind(config.bindHost(), config.port())
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            stop();
            throw new GatewayStartException("cannot listen on " + config.bindHost() + ":" + config.port(), e);
        }
        LOG.info(
                "MQTT gateway listening on {}:{} (transport {}, TLS {})",
                config.bindHost(),
                port(),
                epoll ? "epoll" : "nio",
                tls.provider());
    }

    /**
     * Also serves MQTT over secure WebSocket (path {@code /mqtt}, subprotocol {@code mqtt}) on {@code port}, for
     * browser and app clients: the same firewall, mutual TLS, authentication, policies and broker as the TCP port.
     * Returns the bound port. Call after {@link #start()}.
     */
    public synchronized int listenWebSocket(int port) {
        if (serverChannel == null) {
            throw new IllegalStateException("start the gateway first");
        }
        ServerBootstrap bootstrap = channels.webSocket();
        try {
            webSocketChannel = bootstrap
                    .bind(config.bindHost(), port)
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            throw new GatewayStartException("cannot listen on " + config.bindHost() + ":" + port + " (WebSocket)", e);
        }
        int bound = ((InetSocketAddress) webSocketChannel.localAddress()).getPort();
        LOG.info("MQTT over secure WebSocket listening on {}:{}/mqtt", config.bindHost(), bound);
        return bound;
    }

    /**
     * Sends {@code payload} on {@code topic} to one client only, if it is subscribed to a matching filter (and its
     * policies allow iot:Receive on the topic, as for every delivery): replies to a client's own request.
     */
    public void publishToClient(String clientId, String topic, byte[] payload) {
        BrokerThread b = brokerThread;
        if (b == null) {
            return;
        }
        b.deliverTo(clientId, Message.of(topic, payload, MqttQoS.AT_LEAST_ONCE, false, null, "$warden"));
    }

    /**
     * Ends every session of the thing, connected or offline, and waits until the store has deleted them too (the
     * thing is being deleted or its data erased). Returns how many sessions there were; 0 when stopped.
     */
    public int dropSessions(String thingName) {
        return dropAndAwaitStore(b -> b.dropThing(thingName), "sessions", thingName);
    }

    /**
     * Deletes every retained message the thing published, here and in the store, and waits until the store has
     * (the thing is being deleted or its data erased). Returns how many there were; 0 when stopped.
     */
    public int dropRetained(String thingName) {
        return dropAndAwaitStore(b -> b.dropRetained(thingName), "retained messages", thingName);
    }

    private int dropAndAwaitStore(ToIntFunction<Broker> drop, String what, String thingName) {
        BrokerThread b = brokerThread;
        return b == null ? 0 : b.dropAndAwaitStore(drop, what, thingName);
    }

    /** The bound port (useful when configured with port 0). */
    public int port() {
        Channel ch = serverChannel;
        if (ch == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** The I/O event loops, for tests that hold them up as a reconnect storm would. */
    EventLoopGroup ioLoops() {
        return workerGroup;
    }

    /** Live connections, for revocation and thing deletion. */
    public SessionRegistry sessions() {
        return registry;
    }

    /**
     * The connection firewall, for operators: {@link ConnectionFirewall#ban}, {@link ConnectionFirewall#unban},
     * {@link ConnectionFirewall#bans}. It outlives {@link #stop()}, so bans survive a restart of the same gateway.
     */
    public ConnectionFirewall firewall() {
        return firewall;
    }

    /** Refusals, bans, drops and slow-consumer counters since this gateway was created, for metrics. */
    public GatewayCounters counters() {
        Map<Admission, Long> refused = firewall.refusals();
        long total = refused.values().stream().mapToLong(Long::longValue).sum();
        return new GatewayCounters(
                total,
                refused,
                firewall.bansStarted(),
                firewall.bans().size(),
                firewall.trackedAddresses(),
                flowCounters.drops(DropReason.NOT_WRITABLE),
                flowCounters.drops(DropReason.QUEUE_FULL),
                flowCounters.slowConsumerDisconnects.get(),
                flowCounters.publishRateDisconnects.get(),
                flowCounters.drops(),
                flowCounters.publisherHolds.get(),
                flowCounters.pushBackExpiries.get());
    }

    /** Connections, messages, payload bytes, denials and failed handshakes since this gateway was created. */
    public GatewayTotals totals() {
        return totals.snapshot();
    }

    /**
     * The subscribers that had messages dropped (by reason, since their session began), most first, at most
     * {@code limit}; empty when stopped. Asks the broker thread.
     */
    public List<SubscriberDrops> subscriberDrops(int limit) {
        BrokerThread b = brokerThread;
        return b == null ? List.of() : b.subscriberDrops(limit);
    }

    /** Longest session queue now (QoS 1/2 messages waiting), for tests of memory bounds; -1 when stopped. */
    int largestSessionQueue() {
        BrokerThread b = brokerThread;
        return b == null ? -1 : b.largestSessionQueue();
    }

    /**
     * Disconnects every client (MQTT 5: 0x8B Server shutting down) and releases all threads. Idempotent.
     *
     * <p>The server closes connections that sent no DISCONNECT, so their wills are due as MQTT says (3.1.2.5): one
     * without a delay is published while the broker drains (a retained one is stored; subscribers with persistent
     * sessions hold it); one with a delay on a persistent session is stored with its due time and published after
     * the restart when due, unless its client resumes its session first. So a restart behaves, for wills, like a
     * network outage of the same length, which is what a device's will is for.
     */
    public synchronized void stop() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (webSocketChannel != null) {
            webSocketChannel.close().syncUninterruptibly();
            webSocketChannel = null;
        }
        if (brokerThread != null) {
            brokerThread.disconnectAll();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2_000, TimeUnit.MILLISECONDS);
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
        if (brokerThread != null) {
            brokerThread.stop();
        }
        if (authWorkers != null) {
            authWorkers.shutdownNow();
        }
        bossGroup = null;
        workerGroup = null;
        brokerThread = null;
        authWorkers = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** See {@link GatewayChannels#OUTBOUND_BUFFER}. */
    static final WriteBufferWaterMark OUTBOUND_BUFFER = GatewayChannels.OUTBOUND_BUFFER;

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
