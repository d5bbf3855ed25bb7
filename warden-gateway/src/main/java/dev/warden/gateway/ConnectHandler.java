package dev.warden.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.math.BigInteger;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's way in, up to CONNACK: the connect timeout, the TLS handshake's outcome (the client certificate,
 * failures toward a ban), CONNECT validation, authentication and iot:Connect on a worker thread (run again if a
 * revocation raced with it), then the refusal or the hand-over of the accepted connection to the broker, which
 * sends CONNACK. Packets that arrive while authenticating wait here and are replayed after. Event loop only, except
 * {@link #hasCertificateSerial} (any thread) and the authentication itself (worker thread).
 */
final class ConnectHandler {
    /** Logs under {@link MqttConnection}, as before it was split off, so log settings keep applying. */
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    private final MqttConnection connection;
    private final GatewayRuntime runtime;
    private final GatewayLimits limits;
    private final List<MqttMessage> pending = new ArrayList<>();
    /** The TLS handshake ended (either way) or was given up at the connect timeout. */
    private boolean handshakeDone;

    private ScheduledFuture<?> connectTimeout;
    private volatile X509Certificate certificate;
    /** The chain the client presented, leaf first: the authenticator may need to know which CA issued the leaf. */
    private volatile X509Certificate[] presented;

    ConnectHandler(MqttConnection connection, GatewayRuntime runtime) {
        this.connection = connection;
        this.runtime = runtime;
        this.limits = runtime.config().limits();
    }

    boolean hasCertificateSerial(BigInteger serial) {
        X509Certificate cert = certificate;
        return cert != null && cert.getSerialNumber().equals(serial);
    }

    /** The channel is active: CONNECT must be accepted within the connect timeout. */
    void startTimer(ChannelHandlerContext ctx) {
        connectTimeout = ctx.executor()
                .schedule(this::onConnectTimeout, limits.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onConnectTimeout() {
        if (connection.state() == MqttConnection.State.CONNECTED) {
            return;
        }
        String sourceIp = connection.sourceIp();
        LOG.debug("Connect timeout for {}", sourceIp);
        if (!handshakeDone) {
            // A handshake left hanging (slowloris) counts toward a ban like a failed one, unless the gateway itself
            // was behind (EventLoopLag).
            handshakeDone = true;
            if (runtime.loopLag().behindRecently()) {
                runtime.events()
                        .tlsHandshakeFailed(
                                sourceIp,
                                "handshake not completed within the connect timeout while the gateway was behind");
            } else {
                runtime.events().tlsHandshakeFailed(sourceIp, "handshake not completed within the connect timeout");
                connection.recordFailure(ConnectionFirewall.FailureKind.TLS_HANDSHAKE);
            }
        }
        connection.closeFor(DisconnectCause.PROTOCOL_ERROR);
    }

    void onHandshake(ChannelHandlerContext ctx, SslHandshakeCompletionEvent handshake) {
        if (handshakeDone) {
            return;
        }
        handshakeDone = true;
        String sourceIp = connection.sourceIp();
        if (!handshake.isSuccess()) {
            Throwable cause = handshake.cause();
            String reason = cause.getMessage() != null
                    ? cause.getMessage()
                    : cause.getClass().getSimpleName();
            LOG.debug("TLS handshake from {} failed: {}", sourceIp, reason);
            runtime.events().tlsHandshakeFailed(sourceIp, reason);
            // A peer that merely closed (a TCP health check, a port scan) is left to the connection rate limit;
            // a TLS error (no or bad certificate, protocol, cipher, handshake timeout) counts toward a ban, except
            // a timeout while the gateway itself was behind (EventLoopLag).
            boolean gatewaysDelay = cause instanceof SslHandshakeTimeoutException
                    && runtime.loopLag().behindRecently();
            if (cause instanceof SSLException && !gatewaysDelay) {
                connection.recordFailure(ConnectionFirewall.FailureKind.TLS_HANDSHAKE);
            }
            ctx.close();
            return;
        }
        try {
            Certificate[] peer =
                    ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[peer.length];
            for (int i = 0; i < peer.length; i++) {
                chain[i] = (X509Certificate) peer[i];
            }
            presented = chain;
            certificate = chain[0];
            runtime.registry().add(connection);
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            runtime.events().tlsHandshakeFailed(sourceIp, "no verified client certificate");
            connection.recordFailure(ConnectionFirewall.FailureKind.TLS_HANDSHAKE);
            ctx.close();
        }
    }

    void onConnect(MqttConnectMessage connect) {
        ConnectRequest request;
        try {
            request = ConnectRequest.parse(connect, limits);
        } catch (ConnectRequest.RefusedException e) {
            connection.connectRefused(e.mqtt5(), connect.payload().clientIdentifier());
            refuse(e.refusal());
            return;
        }
        connection.connectRequested(request);
        connection.enter(MqttConnection.State.AUTHENTICATING);
        Channel channel = connection.channel();
        channel.config().setAutoRead(false);
        X509Certificate[] chain = presented;
        try {
            runtime.workers().execute(() -> authenticate(chain, request));
        } catch (RuntimeException rejected) {
            LOG.warn("Authentication workers unavailable; refusing client {}", request.clientId());
            refuse(Packets.Refusal.SERVER_UNAVAILABLE);
        }
    }

    /** Worker thread. Re-runs when a revocation happened meanwhile, so none is missed between check and register. */
    private void authenticate(X509Certificate[] chain, ConnectRequest request) {
        ConnectAuthorization.Outcome outcome;
        int attempts = 0;
        long epoch;
        do {
            epoch = runtime.registry().revocationEpoch();
            outcome = runtime.connectAuthorization()
                    .decide(chain, request.clientId(), connection.sourceIp(), request.will());
            connection.authenticatedAs(outcome.identity());
        } while (runtime.registry().revocationEpoch() != epoch && ++attempts < 5);
        ConnectAuthorization.Outcome decided = outcome;
        connection.channel().eventLoop().execute(() -> completeConnect(decided, request));
    }

    private void completeConnect(ConnectAuthorization.Outcome outcome, ConnectRequest request) {
        Channel channel = connection.channel();
        if (connection.state() != MqttConnection.State.AUTHENTICATING || !channel.isActive()) {
            return;
        }
        String thing = outcome.identity() == null ? null : outcome.identity().thingName();
        if (connection.isRevoked() || !outcome.accepted()) {
            if (connection.isRevoked() || outcome.sourceAtFault()) {
                connection.recordFailure(ConnectionFirewall.FailureKind.AUTHENTICATION, request.clientId(), thing);
            }
            if (outcome.accepted()) {
                refuse(Packets.Refusal.NOT_AUTHORIZED);
            } else {
                refuse(outcome.refusal(), outcome.serverReference());
            }
            return;
        }
        if (refusedAsBanned(outcome, request, thing)) {
            return;
        }
        connection.connected(outcome.authorizer(), outcome.clientId(), outcome.pushesBack());
        if (request.clientId().isEmpty() && connection.isMqtt5()) {
            request.attach()
                    .connAckProperties()
                    .add(new MqttProperties.StringProperty(
                            MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, outcome.clientId()));
        }
        connectTimeout.cancel(false);
        runtime.connecting().left(channel);
        long idleMillis = request.keepAliveSeconds() * 1500L;
        channel.pipeline()
                .addBefore(
                        GatewayRuntime.FRAMER,
                        "keep-alive",
                        new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        announceConnected(outcome);
        // The broker thread runs tasks in order, so packets replayed below are handled after the attach.
        connection.attach(request.attach());
        List<MqttMessage> early = new ArrayList<>(pending);
        pending.clear();
        for (MqttMessage m : early) {
            connection.channelRead(channel.pipeline().context(connection), m);
        }
        channel.config().setAutoRead(true);
    }

    /** Refuses the CONNECT (and says so) when the client ID or thing is banned. */
    private boolean refusedAsBanned(ConnectAuthorization.Outcome outcome, ConnectRequest request, String thing) {
        BanTarget ban = runtime.firewall().bannedIdentity(outcome.clientId(), thing);
        if (ban == null) {
            return false;
        }
        LOG.debug("Refused client {} from {}: {} is banned", request.clientId(), connection.sourceIp(), ban);
        if (connection.channel().remoteAddress() instanceof java.net.InetSocketAddress source) {
            runtime.events().connectionRefused(source, "BANNED_" + ban.kind().name());
        }
        refuse(Packets.Refusal.BANNED);
        return true;
    }

    private void announceConnected(ConnectAuthorization.Outcome outcome) {
        DeviceIdentity identity = connection.identity();
        boolean mqtt5 = connection.isMqtt5();
        LOG.info(
                "Client {} (thing {}) connected from {} over MQTT {}{}",
                outcome.clientId(),
                identity.thingName(),
                connection.sourceIp(),
                mqtt5 ? "5" : "3.1.1",
                outcome.pushesBack() ? "; it pushes back on publishers when it cannot keep up" : "");
        runtime.events()
                .connected(identity, outcome.clientId(), connection.sourceIp(), mqtt5 ? "MQTT 5" : "MQTT 3.1.1");
    }

    /** A packet that came while authenticating: handled once the CONNECT is accepted. */
    void hold(MqttMessage message) {
        pending.add(message);
    }

    /** The channel closed: the timer and the packets held are let go. */
    void closed() {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }

    private void refuse(Packets.Refusal refusal) {
        refuse(refusal, "");
    }

    /** CONNACK with the refusal (MQTT 5: and the server to use instead, if any), then close. */
    private void refuse(Packets.Refusal refusal, String serverReference) {
        connection.enter(MqttConnection.State.CLOSED);
        connection
                .channel()
                .writeAndFlush(Packets.connAckRefused(connection.isMqtt5(), refusal, serverReference))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
