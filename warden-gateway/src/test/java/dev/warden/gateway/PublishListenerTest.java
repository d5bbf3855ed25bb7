package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's publish hook: authorized publishes only, once each, and a failing listener never stops routing. */
@Tag("mosquitto")
class PublishListenerTest {
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

    private static List<AcceptedPublish> acceptedFrom(String thing) {
        return harness.accepted.stream()
                .filter(p -> p.identity().thingName().equals(thing))
                .toList();
    }

    @Test
    void everyAuthorizedPublishIsHandedOverOnceWithItsIdentity() throws Exception {
        for (int qos = 0; qos <= 2; qos++) {
            Processes.Result ok = harness.run(harness.mosquitto(
                    "mosquitto_pub",
                    "lis-a",
                    "mqttv5",
                    "-t",
                    "devices/lis-a/telemetry",
                    "-m",
                    "qos" + qos,
                    "-q",
                    Integer.toString(qos)));
            assertThat(ok.exitCode()).as(ok.output()).isZero();
        }
        // GIVEN a device publishing into another device's topic THEN the policy refuses it and nothing is handed over
        harness.run(harness.mosquitto(
                "mosquitto_pub", "lis-a", "mqttv5", "-t", "devices/lis-b/telemetry", "-m", "intrusion", "-q", "1"));
        Thread.sleep(200);

        List<AcceptedPublish> accepted = acceptedFrom("lis-a");
        assertThat(accepted)
                .extracting(p -> new String(p.payload(), StandardCharsets.UTF_8))
                .containsExactly("qos0", "qos1", "qos2");
        assertThat(accepted).extracting(AcceptedPublish::qos).containsExactly(0, 1, 2);
        assertThat(accepted).allSatisfy(p -> {
            assertThat(p.topic()).isEqualTo("devices/lis-a/telemetry");
            assertThat(p.clientId()).isEqualTo("lis-a");
            assertThat(p.receivedAtMillis()).isPositive();
        });
    }

    @Test
    void aListenerThatThrowsDoesNotStopRouting() {
        String topic = "devices/throw-listener-1/telemetry";
        CompletableFuture<Processes.Result> subscriber = harness.runAsync(harness.mosquitto(
                "mosquitto_sub", "reader-lis", "mqttv5", "-t", topic, "-q", "1", "-C", "1", "-W", "8"));
        harness.events.await("subscribed reader-lis " + topic, Duration.ofSeconds(8));

        Processes.Result published = harness.run(harness.mosquitto(
                "mosquitto_pub", "throw-listener-1", "mqttv5", "-t", topic, "-m", "still routed", "-q", "1"));

        assertThat(published.exitCode()).as(published.output()).isZero();
        Processes.Result received = GatewayHarness.await(subscriber);
        assertThat(received.output()).contains("still routed");
        assertThat(acceptedFrom("throw-listener-1")).hasSize(1);
    }
}
