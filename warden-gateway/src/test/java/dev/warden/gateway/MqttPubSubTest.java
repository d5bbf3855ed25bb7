package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Publish/subscribe through the gateway with mosquitto clients over mutual TLS, MQTT 3.1.1 and 5. */
@Tag("mosquitto")
class MqttPubSubTest {
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

    @BeforeEach
    void clearEvents() {
        harness.events.clear();
    }

    @ParameterizedTest(name = "{0} QoS {1}")
    @CsvSource({"mqttv311,0", "mqttv311,1", "mqttv311,2", "mqttv5,0", "mqttv5,1", "mqttv5,2"})
    void deviceTelemetryReachesAnAuthorizedSubscriber(String version, int qos) {
        String topic = "devices/dev-a/telemetry";
        String message = "t=21.5 " + version + " qos" + qos;
        CompletableFuture<Processes.Result> subscriber = harness.runAsync(harness.mosquitto(
                "mosquitto_sub", "reader", version, "-t", topic, "-q", Integer.toString(qos), "-C", "1", "-W", "8"));
        harness.events.await("subscribed reader " + topic, Duration.ofSeconds(8));

        Processes.Result published = harness.run(harness.mosquitto(
                "mosquitto_pub", "dev-a", version, "-t", topic, "-m", message, "-q", Integer.toString(qos)));

        assertThat(published.exitCode()).as(published.output()).isZero();
        Processes.Result received = GatewayHarness.await(subscriber);
        assertThat(received.exitCode()).as(received.output()).isZero();
        assertThat(received.output()).contains(message);
    }

    @Test
    void retainedMessageReachesALaterSubscriberAndAnEmptyRetainedMessageClearsIt() {
        String topic = "devices/dev-a/state";
        Processes.Result retained = harness.run(
                harness.mosquitto("mosquitto_pub", "dev-a", "mqttv311", "-t", topic, "-m", "online", "-q", "1", "-r"));
        assertThat(retained.exitCode()).as(retained.output()).isZero();

        Processes.Result later =
                harness.run(harness.mosquitto("mosquitto_sub", "reader", "mqttv5", "-t", topic, "-C", "1", "-W", "5"));
        assertThat(later.exitCode()).as(later.output()).isZero();
        assertThat(later.output()).contains("online");

        Processes.Result cleared = harness.run(
                harness.mosquitto("mosquitto_pub", "dev-a", "mqttv311", "-t", topic, "-n", "-q", "1", "-r"));
        assertThat(cleared.exitCode()).as(cleared.output()).isZero();
        Processes.Result none =
                harness.run(harness.mosquitto("mosquitto_sub", "reader", "mqttv5", "-t", topic, "-C", "1", "-W", "2"));
        assertThat(none.output()).doesNotContain("online");
        assertThat(none.exitCode())
                .as("mosquitto_sub timed out without a message")
                .isNotZero();
    }
}
