package dev.warden.device;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's MQTT connection to the Warden gateway: mutual TLS (1.3/1.2) with the device certificate, the Warden root
 * as the only trust anchor, client ID = thing name. Once connected it reconnects on its own with a jittered,
 * bounded exponential {@link Backoff}, re-subscribing what it had subscribed; it stops only when closed, when the
 * gateway refuses it (NOT_AUTHORIZED) or when the backoff runs out of attempts.
 *
 * <pre>{@code
 * try (DeviceClient client = DeviceClient.connect(store.load(), DeviceClientConfig.of("gateway.example", 8883))) {
 *     client.subscribe(client.topic("commands"), Qos.AT_LEAST_ONCE, message -> handle(message));
 *     client.publishTelemetry("{\"t\":21.5}".getBytes(UTF_8), Qos.AT_LEAST_ONCE).join();
 * }
 * }</pre>
 *
 * <p>Futures returned by this class fail with {@link DeviceException} (for example
 * {@link DeviceErrorReason#NOT_AUTHORIZED} when the policy denies a topic).
 */
public final class DeviceClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceClient.class);

    private final String thingName;
    private final MqttTransport transport;
    private final ReconnectHandler reconnect;
    private final Duration timeout;

    private DeviceClient(String thingName, MqttTransport transport, ReconnectHandler reconnect, Duration timeout) {
        this.thingName = thingName;
        this.transport = transport;
        this.reconnect = reconnect;
        this.timeout = timeout;
    }

    /** Connects and waits for the CONNACK. */
    public static DeviceClient connect(DeviceCredentials credentials, DeviceClientConfig config) {
        return connect(credentials, config, ConnectionListener.NONE);
    }

    /**
     * Connects and waits for the CONNACK.
     *
     * @throws DeviceException {@link DeviceErrorReason#NOT_AUTHORIZED} when the gateway refuses the certificate,
     *                         {@link DeviceErrorReason#TLS_FAILED} when either side's certificate is not trusted,
     *                         {@link DeviceErrorReason#CONNECTION_FAILED} or {@link DeviceErrorReason#TIMEOUT};
     *                         {@link DeviceErrorReason#WRONG_REGION} when the gateway serves another region and the
     *                         config has no deployment roots to follow it with
     */
    public static DeviceClient connect(
            DeviceCredentials credentials, DeviceClientConfig config, ConnectionListener listener) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(config, "config");
        try {
            return connectOnce(credentials, config, listener);
        } catch (DeviceException refused) {
            var home = MqttFailures.serverReference(refused);
            if (config.deploymentRoots().isEmpty() || home.isEmpty()) {
                throw refused;
            }
            // Once only: the home gateway is trusted by the same roots, and a second redirect is not followed.
            LOG.info("{} was sent to its home gateway {}", credentials.thingName(), home.get());
            return connectOnce(credentials, config.withServer(home.get()), listener);
        }
    }

    private static DeviceClient connectOnce(
            DeviceCredentials credentials, DeviceClientConfig config, ConnectionListener listener) {
        X509Certificate root = config.trustedRoot() != null ? config.trustedRoot() : credentials.root();
        if (root == null && config.deploymentRoots().isEmpty()) {
            throw new DeviceException(
                    DeviceErrorReason.CREDENTIALS_INVALID,
                    "no Warden root to trust: the CA chain of " + credentials.thingName()
                            + " holds none and the config names none");
        }
        ReconnectHandler reconnect = new ReconnectHandler(
                credentials.thingName(),
                config.backoff(),
                listener == null ? ConnectionListener.NONE : listener,
                RandomGenerator.getDefault(),
                config.servers());
        long timeoutMillis = config.connectTimeout().toMillis();
        requireJdkTlsForTokenKey(credentials);
        MqttClientSslConfig tls = MqttClientSslConfig.builder()
                .keyManagerFactory(DeviceTls.identity(credentials.privateKey(), credentials.presentedChain()))
                .trustManagerFactory(
                        config.deploymentRoots().isEmpty()
                                ? DeviceTls.trustOnly(root)
                                : DeviceTls.trustOnly(config.deploymentRoots()))
                .protocols(DeviceTls.PROTOCOLS)
                .handshakeTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .build();
        var transportBuilder = MqttClientTransportConfig.builder()
                .serverHost(config.host())
                .serverPort(config.port())
                .sslConfig(tls)
                .socketConnectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        if (config.localAddress() != null) {
            transportBuilder = transportBuilder.localAddress(new java.net.InetSocketAddress(config.localAddress(), 0));
        }
        MqttClientTransportConfig transportConfig = transportBuilder.build();
        MqttClientBuilder builder = MqttClient.builder()
                .identifier(credentials.thingName())
                .transportConfig(transportConfig)
                .addConnectedListener(reconnect)
                .addDisconnectedListener(reconnect);
        MqttTransport transport = config.protocol() == MqttProtocol.MQTT_5
                ? new Mqtt5Transport(builder.useMqttVersion5().buildAsync(), config.keepAlive())
                : new Mqtt3Transport(builder.useMqttVersion3().buildAsync(), config.keepAlive());
        reconnect.onLateConnect(transport::disconnect);
        DeviceClient client = new DeviceClient(
                credentials.thingName(),
                transport,
                reconnect,
                config.connectTimeout().multipliedBy(3));
        client.await(transport.connect(), "connect");
        return client;
    }

    /**
     * The MQTT client takes the TLS provider netty chooses, which is OpenSSL whenever netty-tcnative is on the class
     * path; OpenSSL can only use a key it can read, so a key held in a token needs netty's JDK TLS. Failing here says
     * so plainly instead of a handshake error.
     */
    private static void requireJdkTlsForTokenKey(DeviceCredentials credentials) {
        if (DeviceTls.isHeldInToken(credentials.privateKey()) && nettyUsesOpenSsl()) {
            throw new DeviceException(
                    DeviceErrorReason.TLS_FAILED,
                    "the key of " + credentials.thingName() + " is held in a PKCS#11 token, which needs JDK TLS;"
                            + " run the device without netty-tcnative or with -Dio.netty.handler.ssl.noOpenSsl=true");
        }
    }

    /** Netty's own answer, asked by name: the SDK does not compile against netty, the MQTT client brings it. */
    private static boolean nettyUsesOpenSsl() {
        try {
            return (Boolean) Class.forName("io.netty.handler.ssl.OpenSsl")
                    .getMethod("isAvailable")
                    .invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    public String thingName() {
        return thingName;
    }

    /** {@code devices/<thing>/<suffix>}: the topics the default device policy lets this device use. */
    public String topic(String suffix) {
        return DeviceTopics.own(thingName, suffix);
    }

    /** {@code devices/<thing>/telemetry}. */
    public String telemetryTopic() {
        return DeviceTopics.telemetry(thingName);
    }

    /** Publishes to {@link #telemetryTopic()}; QoS 1 completes on the gateway's PUBACK. */
    public CompletableFuture<Void> publishTelemetry(byte[] payload, Qos qos) {
        return publish(telemetryTopic(), payload, qos);
    }

    /**
     * Publishes to any topic the device's policy allows; a denied QoS 1 publish fails with NOT_AUTHORIZED (QoS 0 and
     * MQTT 3.1.1 cannot report a denial: the gateway drops the message). A publish issued while the client is
     * reconnecting completes or fails once the connection is back.
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
        if (reconnect.isClosed()) {
            return CompletableFuture.failedFuture(closedException());
        }
        return mapped(transport.publish(topic, payload == null ? new byte[0] : payload, qos));
    }

    /**
     * Subscribes {@code handler} to {@code topicFilter}; completes on the SUBACK. The handler runs on the client's
     * I/O thread and must not block. The subscription is renewed after every reconnect.
     */
    public CompletableFuture<Void> subscribe(String topicFilter, Qos qos, Consumer<DeviceMessage> handler) {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(handler, "handler");
        if (reconnect.isClosed()) {
            return CompletableFuture.failedFuture(closedException());
        }
        return mapped(transport.subscribe(topicFilter, qos, message -> {
            try {
                handler.accept(message);
            } catch (RuntimeException e) {
                LOG.warn("Message handler of {} threw on {}: {}", thingName, message.topic(), e.toString());
            }
        }));
    }

    /** True while the connection is up (false while reconnecting). */
    public boolean isConnected() {
        return transport.isConnected();
    }

    /** Successful reconnects since {@link #connect}. */
    public int reconnects() {
        return reconnect.reconnects();
    }

    /** Disconnects cleanly (MQTT DISCONNECT) and stops reconnecting. Idempotent. */
    @Override
    public void close() {
        boolean wasClosed = reconnect.isClosed();
        reconnect.close();
        if (wasClosed && !transport.isConnected()) {
            return;
        }
        try {
            transport.disconnect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Not connected at the moment (e.g. between reconnect attempts): nothing to close on the wire.
            LOG.debug("{} closed while not connected: {}", thingName, e.toString());
        }
    }

    private DeviceException closedException() {
        DeviceException cause = reconnect.gaveUpWith();
        return cause != null
                ? new DeviceException(cause.reason(), "the client gave up reconnecting: " + cause.getMessage(), cause)
                : new DeviceException(DeviceErrorReason.CLOSED, thingName + " is closed");
    }

    private void await(CompletableFuture<Void> future, String what) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reconnect.close();
            throw new DeviceException(DeviceErrorReason.CONNECTION_FAILED, "interrupted during " + what, e);
        } catch (ExecutionException e) {
            reconnect.close();
            throw MqttFailures.map(e.getCause());
        } catch (TimeoutException e) {
            reconnect.close();
            transport.disconnect();
            throw new DeviceException(DeviceErrorReason.TIMEOUT, what + " did not complete within " + timeout, e);
        }
    }

    private static CompletableFuture<Void> mapped(CompletableFuture<Void> future) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        future.whenComplete((ok, failure) -> {
            if (failure != null) {
                result.completeExceptionally(MqttFailures.map(failure));
            } else {
                result.complete(null);
            }
        });
        return result;
    }
}
