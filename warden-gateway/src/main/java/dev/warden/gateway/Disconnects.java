package dev.warden.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * How one connection ends and what its end leaves: a DISCONNECT first for a connected MQTT 5 client, else a plain
 * close, asked from any thread ({@link #kick}, {@link #sendElsewhere}) or on the event loop; the client's own
 * DISCONNECT; the first cause, which the close reports; and the will. The will is event loop only.
 */
final class Disconnects {
    private final MqttConnection connection;
    private final GatewayRuntime runtime;
    private volatile DisconnectCause cause;

    private Message will;
    private long willDelaySeconds;
    /** The Session Expiry Interval the CONNECT asked for (MQTT 5), for the DISCONNECT rule; event loop only. */
    private long requestedSessionExpiry;

    Disconnects(MqttConnection connection, GatewayRuntime runtime) {
        this.connection = connection;
        this.runtime = runtime;
    }

    /** A valid CONNECT: its will and the session expiry it asked for. */
    void negotiated(ConnectRequest request) {
        will = request.will();
        willDelaySeconds = request.willDelaySeconds();
        requestedSessionExpiry = request.requestedSessionExpiry();
    }

    /** The CONNECT was accepted as {@code clientId}: the will is published under it (for No Local). */
    void connectedAs(String clientId) {
        if (will != null && !clientId.equals(will.publisherId())) {
            will = will.withPublisher(clientId);
        }
    }

    /** The will, or null: none, or cleared by a clean DISCONNECT. */
    Message will() {
        return will;
    }

    long willDelaySeconds() {
        return willDelaySeconds;
    }

    /** The first reason the connection was ended for, or null if the client or the network ended it. */
    DisconnectCause cause() {
        return cause;
    }

    /**
     * Sends the client to another server: MQTT 5 clients get DISCONNECT 0x9C Use Another Server with
     * {@code serverReference}; MQTT 3.1.1 clients, which cannot be told, are closed.
     */
    void sendElsewhere(String serverReference) {
        Channel ch = connection.channel();
        if (ch == null) {
            return;
        }
        ch.eventLoop().execute(() -> {
            if (cause == null) {
                cause = DisconnectCause.SERVED_ELSEWHERE;
            }
            if (!ch.isActive()) {
                return;
            }
            if (connection.isMqtt5() && connection.state() == MqttConnection.State.CONNECTED) {
                ch.writeAndFlush(Packets.disconnectToServer(serverReference)).addListener(ChannelFutureListener.CLOSE);
                ch.eventLoop().schedule(() -> ch.close(), 200, TimeUnit.MILLISECONDS);
            } else {
                ch.close();
            }
        });
    }

    /**
     * MQTT 5: reason code 0x04 keeps the will; a Session Expiry Interval replaces the session's, unless the CONNECT
     * asked for 0 and this is not 0, a protocol error (3.14.2.2.2): DISCONNECT 0x82 and, as the DISCONNECT is not
     * valid, the will is published.
     */
    void onDisconnect(MqttMessage message) {
        MqttReasonCodeAndPropertiesVariableHeader h =
                connection.isMqtt5() && message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader v
                        ? v
                        : null;
        Integer expiry =
                h == null ? null : ConnectRequest.intProperty(h.properties(), MqttProperties.SESSION_EXPIRY_INTERVAL);
        if (expiry != null) {
            long seconds = Integer.toUnsignedLong(expiry);
            if (requestedSessionExpiry == 0 && seconds != 0) {
                throw new ProtocolViolation(
                        ReasonCode.PROTOCOL_ERROR, "DISCONNECT sets a session expiry after a CONNECT with none");
            }
            long bounded = Math.min(
                    seconds, runtime.config().limits().maxSessionExpiry().toSeconds());
            connection.toBroker(() -> runtime.broker().changeSessionExpiry(connection, bounded));
        }
        if (h == null || h.reasonCode() != 0x04) {
            will = null;
        }
        closeFor(DisconnectCause.CLIENT_DISCONNECT);
    }

    /** Ends the connection at once, from any thread: MQTT 5 clients get DISCONNECT with {@code reason} first. */
    void kick(DisconnectCause why, ReasonCode reason) {
        Channel ch = connection.channel();
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
            if (connection.isMqtt5() && connection.state() == MqttConnection.State.CONNECTED) {
                ch.writeAndFlush(Packets.disconnect(reason)).addListener(ChannelFutureListener.CLOSE);
                // A client that does not read must not delay the cut-off.
                ch.eventLoop().schedule(() -> ch.close(), 200, TimeUnit.MILLISECONDS);
            } else {
                ch.close();
            }
        });
    }

    /** Event loop: MQTT 5 clients that are connected get DISCONNECT with {@code reason} first; others are closed. */
    void disconnect(DisconnectCause why, ReasonCode reason) {
        if (cause == null) {
            cause = why;
        }
        Channel channel = connection.channel();
        if (connection.isMqtt5() && connection.state() == MqttConnection.State.CONNECTED && channel.isActive()) {
            connection.enter(MqttConnection.State.CLOSED);
            channel.writeAndFlush(Packets.disconnect(reason)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        closeFor(why);
    }

    /** Event loop: closes the connection at once. */
    void closeFor(DisconnectCause why) {
        if (cause == null) {
            cause = why;
        }
        connection.enter(MqttConnection.State.CLOSED);
        connection.channel().close();
    }
}
