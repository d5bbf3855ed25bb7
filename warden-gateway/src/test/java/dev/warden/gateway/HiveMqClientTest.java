package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second, independent MQTT 5 client implementation (HiveMQ, on Netty 4.1 APIs) against the gateway. */
class HiveMqClientTest {
    @TempDir
    static Path dir;

    static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = new GatewayHarness(dir);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static Mqtt5BlockingClient client(String device) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(device)
                .serverHost("127.0.0.1")
                .serverPort(harness.port())
                .sslConfig()
                .keyManagerFactory(harness.ca.device(device).keyManagerFactory())
                .trustManagerFactory(harness.ca.trustManagerFactory())
                .applySslConfig()
                .buildBlocking();
    }

    @Test
    void qos2RoundTrip() throws InterruptedException {
        Mqtt5BlockingClient reader = client("reader");
        Mqtt5BlockingClient device = client("dev-a");
        reader.connect();
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
            reader.subscribeWith()
                    .topicFilter("devices/dev-a/hive")
                    .qos(MqttQos.EXACTLY_ONCE)
                    .send();
            device.publishWith()
                    .topic("devices/dev-a/hive")
                    .qos(MqttQos.EXACTLY_ONCE)
                    .payload("exactly once".getBytes(StandardCharsets.UTF_8))
                    .send();

            Optional<Mqtt5Publish> received = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(received.get().getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("exactly once");
        } finally {
            device.disconnect();
            reader.disconnect();
        }
    }

    @Test
    void deniedQos1PublishGetsPubAckNotAuthorized() {
        Mqtt5BlockingClient device = client("dev-a");
        device.connect();
        try {
            assertThatThrownBy(() -> device.publishWith()
                            .topic("devices/dev-b/telemetry")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload(new byte[] {1})
                            .send())
                    .isInstanceOfSatisfying(
                            Mqtt5PubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode())
                                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            // the connection stays usable after a refused publish
            device.publishWith()
                    .topic("devices/dev-a/ok")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {2})
                    .send();
        } finally {
            device.disconnect();
        }
    }

    @Test
    void unsubscribedFilterReceivesNothingMore() throws InterruptedException {
        Mqtt5BlockingClient reader = client("reader");
        Mqtt5BlockingClient device = client("dev-a");
        reader.connect();
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
            reader.subscribeWith()
                    .topicFilter("devices/dev-a/unsub")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            device.publishWith()
                    .topic("devices/dev-a/unsub")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1})
                    .send();
            assertThat(publishes.receive(5, TimeUnit.SECONDS)).isPresent();

            reader.unsubscribeWith().topicFilter("devices/dev-a/unsub").send();
            device.publishWith()
                    .topic("devices/dev-a/unsub")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {2})
                    .send();
            assertThat(publishes.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            device.disconnect();
            reader.disconnect();
        }
    }

    @Test
    void messageLargerThanTheClientsMaximumPacketSizeIsNotSentToIt() throws InterruptedException {
        Mqtt5BlockingClient reader = client("reader");
        Mqtt5BlockingClient device = client("dev-a");
        reader.connectWith()
                .restrictions()
                .maximumPacketSize(200)
                .applyRestrictions()
                .send();
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
            reader.subscribeWith()
                    .topicFilter("devices/dev-a/size")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            device.publishWith()
                    .topic("devices/dev-a/size")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[1_000])
                    .send();
            device.publishWith()
                    .topic("devices/dev-a/size")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[10])
                    .send();

            Optional<Mqtt5Publish> first = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(first).isPresent();
            assertThat(first.get().getPayloadAsBytes()).hasSize(10);
        } finally {
            device.disconnect();
            reader.disconnect();
        }
    }

    @Test
    void deniedSubscriptionGetsSubAckNotAuthorized() {
        Mqtt5BlockingClient device = client("dev-a");
        device.connect();
        try {
            assertThatThrownBy(() -> device.subscribeWith().topicFilter("#").send())
                    .isInstanceOfSatisfying(
                            Mqtt5SubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCodes())
                                    .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        } finally {
            device.disconnect();
        }
    }
}
