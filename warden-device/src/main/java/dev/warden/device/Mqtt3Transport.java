package dev.warden.device;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** MQTT 3.1.1 over the HiveMQ async client (clean session). */
final class Mqtt3Transport implements MqttTransport {
    private final Mqtt3AsyncClient client;
    private final Duration keepAlive;

    Mqtt3Transport(Mqtt3AsyncClient client, Duration keepAlive) {
        this.client = client;
        this.keepAlive = keepAlive;
    }

    @Override
    public CompletableFuture<Void> connect() {
        return client.connectWith()
                .cleanSession(true)
                .keepAlive((int) keepAlive.getSeconds())
                .send()
                .thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        return client.publishWith()
                .topic(topic)
                .qos(Mqtt5Transport.qos(qos))
                .payload(payload)
                .send()
                .thenApply(publish -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, Qos qos, Consumer<DeviceMessage> handler) {
        return client.subscribeWith()
                .topicFilter(filter)
                .qos(Mqtt5Transport.qos(qos))
                .callback(p -> handler.accept(new DeviceMessage(
                        p.getTopic().toString(),
                        p.getPayloadAsBytes(),
                        p.getQos() == MqttQos.AT_MOST_ONCE ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE,
                        p.isRetain())))
                .send()
                .thenApply(ack -> {
                    if (ack.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
                        throw new DeviceException(DeviceErrorReason.NOT_AUTHORIZED, "SUBACK failure for " + filter);
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }

    @Override
    public boolean isConnected() {
        return client.getState().isConnected();
    }
}
