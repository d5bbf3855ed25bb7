package dev.warden.device;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** MQTT 5 over the HiveMQ async client; a session is not kept across connections (clean start). */
final class Mqtt5Transport implements MqttTransport {
    private final Mqtt5AsyncClient client;
    private final Duration keepAlive;

    Mqtt5Transport(Mqtt5AsyncClient client, Duration keepAlive) {
        this.client = client;
        this.keepAlive = keepAlive;
    }

    @Override
    public CompletableFuture<Void> connect() {
        return client.connectWith()
                .cleanStart(true)
                .keepAlive((int) keepAlive.getSeconds())
                .send()
                .thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        return client.publishWith()
                .topic(topic)
                .qos(qos(qos))
                .payload(payload)
                .send()
                .thenApply(result -> {
                    if (result.getError().isPresent()) {
                        throw MqttFailures.map(result.getError().get());
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, Qos qos, Consumer<DeviceMessage> handler) {
        return client.subscribeWith()
                .topicFilter(filter)
                .qos(qos(qos))
                .callback(p -> handler.accept(new DeviceMessage(
                        p.getTopic().toString(),
                        p.getPayloadAsBytes(),
                        p.getQos() == MqttQos.AT_MOST_ONCE ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE,
                        p.isRetain())))
                .send()
                .thenApply(ack -> {
                    if (ack.getReasonCodes().stream().anyMatch(Mqtt5SubAckReasonCode::isError)) {
                        boolean denied = ack.getReasonCodes().contains(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
                        throw new DeviceException(
                                denied ? DeviceErrorReason.NOT_AUTHORIZED : DeviceErrorReason.MESSAGE_REFUSED,
                                "SUBACK " + ack.getReasonCodes());
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

    static MqttQos qos(Qos qos) {
        return qos == Qos.AT_MOST_ONCE ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE;
    }
}
