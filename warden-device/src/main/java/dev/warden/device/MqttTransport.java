package dev.warden.device;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The MQTT-version-specific part of a {@link DeviceClient}; futures fail with raw HiveMQ exceptions. */
interface MqttTransport {
    CompletableFuture<Void> connect();

    CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos);

    CompletableFuture<Void> subscribe(String filter, Qos qos, Consumer<DeviceMessage> handler);

    CompletableFuture<Void> disconnect();

    boolean isConnected();
}
