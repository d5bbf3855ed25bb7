package dev.warden.device.metrics;

import dev.warden.device.DeviceClient;
import dev.warden.device.Qos;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The part of a device's MQTT connection a reporter uses: a seam, so that reporting is testable without a broker. */
interface MetricsChannel {
    String thingName();

    CompletableFuture<Void> publish(String topic, byte[] payload);

    CompletableFuture<Void> subscribe(String topic, Consumer<byte[]> handler);

    static MetricsChannel of(DeviceClient client) {
        return new MetricsChannel() {
            @Override
            public String thingName() {
                return client.thingName();
            }

            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload) {
                return client.publish(topic, payload, Qos.AT_LEAST_ONCE);
            }

            @Override
            public CompletableFuture<Void> subscribe(String topic, Consumer<byte[]> handler) {
                return client.subscribe(topic, Qos.AT_LEAST_ONCE, m -> handler.accept(m.payload()));
            }
        };
    }
}
