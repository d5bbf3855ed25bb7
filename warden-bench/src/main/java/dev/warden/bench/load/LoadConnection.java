package dev.warden.bench.load;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.warden.device.DeviceTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One device's MQTT 5 connection over mutual TLS, as the device SDK makes it (same key and trust managers, TLS 1.3 and
 * 1.2, client ID = thing name), without the SDK's automatic reconnect, which would hide a disconnect, and bound to a
 * chosen source address (see {@link LoopbackSources}).
 */
final class LoadConnection {
    private static final int TIMEOUT_SECONDS = 30;

    private final BenchDevice device;
    private final Mqtt5AsyncClient client;
    /** Completes with {@link System#nanoTime()} when the connection is lost or closed. */
    private final CompletableFuture<Long> disconnected = new CompletableFuture<>();

    LoadConnection(BenchDevice device, X509Certificate root, int port, InetAddress source) {
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

    BenchDevice device() {
        return device;
    }

    /** TCP connect, TLS handshake, CONNECT and CONNACK; fails when the broker refuses. */
    CompletableFuture<Void> connect() {
        return client.connectWith().cleanStart(true).keepAlive(120).send().thenApply(ack -> null);
    }

    /** Completes once the broker accepted the message: on the PUBACK for QoS 1, once written for QoS 0. */
    CompletableFuture<Void> publish(String topic, byte[] payload, MqttQos qos) {
        return client.publishWith().topic(topic).qos(qos).payload(payload).send().thenAccept(result ->
                result.getError().ifPresent(error -> {
                    throw new IllegalStateException(error);
                }));
    }

    CompletableFuture<Void> subscribe(String filter, Consumer<Mqtt5Publish> handler) {
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_MOST_ONCE).callback(handler).send()
                .thenAccept(ack -> ack.getReasonCodes().forEach(code -> {
                    if (code.isError()) {
                        throw new IllegalStateException("subscription to " + filter + " refused: " + code);
                    }
                }));
    }

    CompletableFuture<Long> disconnected() {
        return disconnected;
    }

    boolean isConnected() {
        return client.getState().isConnected();
    }

    CompletableFuture<Void> disconnect() {
        if (!client.getState().isConnected()) {
            return CompletableFuture.completedFuture(null);
        }
        return client.disconnect().exceptionally(alreadyGone -> null);
    }
}
