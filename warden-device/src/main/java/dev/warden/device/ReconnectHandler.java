package dev.warden.device;

import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every reconnect of one client: none before the first connection succeeded (the caller of
 * {@link DeviceClient#connect} gets that failure), none after {@link #close()}, none after a NOT_AUTHORIZED refusal by
 * the device's own gateway (retrying would not change its mind; an alternate's refusal only sends it on, see
 * {@link ServerRotation}), otherwise after a jittered exponential {@link Backoff} delay, to the server
 * {@link ServerRotation} picks.
 */
final class ReconnectHandler implements MqttClientConnectedListener, MqttClientDisconnectedListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectHandler.class);

    private final String thingName;
    private final Backoff backoff;
    private final ConnectionListener listener;
    private final RandomGenerator random;
    private final ServerRotation servers;
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile boolean established;
    private volatile boolean closed;
    private volatile DeviceException gaveUpWith;
    private volatile Runnable closeAfterLateConnect = () -> {};

    ReconnectHandler(String thingName, Backoff backoff, ConnectionListener listener, RandomGenerator random) {
        this(thingName, backoff, listener, random, List.of());
    }

    /** @param servers the gateways a reconnect may go to, the first one first (see {@link ServerRotation}) */
    ReconnectHandler(
            String thingName,
            Backoff backoff,
            ConnectionListener listener,
            RandomGenerator random,
            List<ServerReference> servers) {
        this.thingName = thingName;
        this.backoff = backoff;
        this.listener = listener;
        this.random = random;
        this.servers = new ServerRotation(servers);
    }

    void onLateConnect(Runnable disconnect) {
        this.closeAfterLateConnect = disconnect;
    }

    @Override
    public void onConnected(MqttClientConnectedContext context) {
        if (closed) {
            // A reconnect scheduled before close() just succeeded: undo it.
            closeAfterLateConnect.run();
            return;
        }
        if (established) {
            reconnects.incrementAndGet();
            LOG.info("{} reconnected", thingName);
        }
        established = true;
        safely(listener::connected);
    }

    @Override
    public void onDisconnected(MqttClientDisconnectedContext context) {
        if (closed || !established || context.getSource() == MqttDisconnectSource.USER) {
            context.getReconnector().reconnect(false);
            return;
        }
        DeviceException cause = MqttFailures.map(context.getCause());
        int attempt = context.getReconnector().getAttempts();
        boolean refused =
                cause.reason() == DeviceErrorReason.NOT_AUTHORIZED && !servers.refusedByAlternate(context.getCause());
        if (refused || !backoff.allows(attempt)) {
            context.getReconnector().reconnect(false);
            closed = true;
            gaveUpWith = cause;
            LOG.warn("{} stops reconnecting after {} attempt(s): {}", thingName, attempt, cause.getMessage());
            safely(() -> listener.gaveUp(cause));
            return;
        }
        Duration delay = backoff.delay(attempt, random);
        servers.next(context.getCause()).ifPresent(server -> {
            LOG.info("{} reconnects to {}", thingName, server);
            context.getReconnector()
                    .transportConfig(context.getReconnector()
                            .getTransportConfig()
                            .extend()
                            .serverHost(server.host())
                            .serverPort(server.port())
                            .build());
        });
        context.getReconnector()
                .reconnect(true)
                .resubscribeIfSessionExpired(true)
                .delay(delay.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info(
                "{} disconnected ({}); reconnect attempt {} in {} ms",
                thingName,
                cause.reason(),
                attempt + 1,
                delay.toMillis());
        safely(() -> listener.disconnected(cause, attempt, delay));
    }

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Why the client stopped reconnecting, or null. */
    DeviceException gaveUpWith() {
        return gaveUpWith;
    }

    int reconnects() {
        return reconnects.get();
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("Connection listener of {} threw: {}", thingName, e.toString());
        }
    }
}
