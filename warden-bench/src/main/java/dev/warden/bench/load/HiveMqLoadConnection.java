package dev.warden.bench.load;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.warden.device.DeviceTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One device's connection as the device SDK makes it: the SDK's HiveMQ client with the same key and trust managers
 * (JDK TLS 1.3 and 1.2), without the SDK's automatic reconnect.
 */
final class HiveMqLoadConnection implements LoadConnection {
    private static final int TIMEOUT_SECONDS = 30;

    private final BenchDevice device;
    private final Mqtt5AsyncClient client;
    /** Completes with {@link System#nanoTime()} when the connection is lost or closed. */
    private final CompletableFuture<Long> disconnected = new CompletableFuture<>();

    HiveMqLoadConnection(BenchDevice device, X509Certificate root, int port, InetAddress source) {
        this.device = device;
        MqttClientSslConfig tls = MqttClientSslConfig.builder()
                .keyManagerFactory(DeviceTls.identity(device.key(), device.chain()))
                .trustManagerFactory(DeviceTls.trustOnly(root))
                .protocols(DeviceTls.PROTOCOLS)
                .handshakeTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .build();
        this.client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(device.name())
                .transportConfig(MqttClientTransportConfig.builder()
                        .serverHost("127.0.0.1")
                        .serverPort(port)
                        .localAddress(new InetSocketAddress(source, 0))
                        .sslConfig(tls)
                        .socketConnectTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .mqttConnectTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .build())
                .addDisconnectedListener(context -> disconnected.complete(System.nanoTime()))
                .buildAsync();
    }

    @Override
    public BenchDevice device() {
        return device;
    }

    @Override
    public CompletableFuture<Void> connect() {
        return client.connectWith().cleanStart(true).keepAlive(120).send().thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        return client.publishWith()
                .topic(topic)
                .qos(MqttQos.fromCode(qos))
                .payload(payload)
                .send()
                .thenAccept(result -> result.getError().ifPresent(error -> {
                    throw new IllegalStateException(error);
                }));
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, Consumer<byte[]> handler) {
        return client.subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_MOST_ONCE)
                .callback(message -> handler.accept(message.getPayloadAsBytes()))
                .send()
                .thenAccept(ack -> ack.getReasonCodes().forEach(code -> {
                    if (code.isError()) {
                        throw new IllegalStateException("subscription to " + filter + " refused: " + code);
                    }
                }));
    }

    @Override
    public CompletableFuture<Long> disconnected() {
        return disconnected;
    }

    @Override
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        if (!client.getState().isConnected()) {
            return CompletableFuture.completedFuture(null);
        }
        return client.disconnect().exceptionally(alreadyGone -> null);
    }
}
