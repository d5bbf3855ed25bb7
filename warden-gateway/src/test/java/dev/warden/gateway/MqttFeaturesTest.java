package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MQTT 5 property passthrough, message expiry, shared subscriptions and keep-alive. */
@Tag("mosquitto")
class MqttFeaturesTest {
    @TempDir
    static Path dir;

    static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = new GatewayHarness(
                dir,
                GatewayLimits.defaults()
                        .withMaxPacketSize(64 * 1024)
                        .withConnectTimeout(Duration.ofSeconds(2))
                        .withKeepAlive(Duration.ofSeconds(1), Duration.ofMinutes(20)));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void clearEvents() {
        harness.events.clear();
    }

    @Test
    void mqtt5PropertiesPassThrough() {
        String topic = "devices/dev-a/props";
        CompletableFuture<Processes.Result> subscriber = harness.runAsync(harness.mosquitto(
                "mosquitto_sub",
                "reader",
                "mqttv5",
                "-t",
                topic,
                "-q",
                "1",
                "-C",
                "1",
                "-W",
                "8",
                "-F",
                "%P|%C|%E|%p"));
        harness.events.await("subscribed reader " + topic, Duration.ofSeconds(8));

        Processes.Result published = harness.run(harness.mosquitto(
                "mosquitto_pub",
                "dev-a",
                "mqttv5",
                "-t",
                topic,
                "-m",
                "body",
                "-q",
                "1",
                "-D",
                "publish",
                "user-property",
                "site",
                "plant-7",
                "-D",
                "publish",
                "content-type",
                "text/plain",
                "-D",
                "publish",
                "message-expiry-interval",
                "60"));
        assertThat(published.exitCode()).as(published.output()).isZero();

        Processes.Result received = GatewayHarness.await(subscriber);
        assertThat(received.exitCode()).as(received.output()).isZero();
        assertThat(received.output()).containsPattern("site:plant-7\\|text/plain\\|(60|59)\\|body");
    }

    @Test
    void expiredMessageIsNotDeliveredToAReturningSession() throws InterruptedException {
        try (RawMqttClient reader = harness.raw("reader-e")) {
            reader.send(RawMqttClient.connect("reader-e", 4, false, 60, null, null, 0));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.CONNACK);
            reader.send(RawMqttClient.subscribe(1, "devices/dev-a/expiring", 1, 4));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.SUBACK);
            reader.send(RawMqttClient.disconnect());
        }
        harness.events.await("disconnected reader-e", Duration.ofSeconds(5));
        Processes.Result published = harness.run(harness.mosquitto(
                "mosquitto_pub",
                "dev-a",
                "mqttv5",
                "-t",
                "devices/dev-a/expiring",
                "-m",
                "stale",
                "-q",
                "1",
                "-D",
                "publish",
                "message-expiry-interval",
                "1"));
        assertThat(published.exitCode()).as(published.output()).isZero();
        Thread.sleep(1_500);

        try (RawMqttClient reader = harness.raw("reader-e")) {
            reader.send(RawMqttClient.connect("reader-e", 4, false, 60, null, null, 0));
            RawMqttClient.Packet connAck = reader.read();
            assertThat(connAck.body()[0] & 1).as("session present").isEqualTo(1);
            assertThat(reader.readWithin(Duration.ofMillis(700)))
                    .as("no expired message")
                    .isNull();
        }
    }

    @Test
    void sharedSubscriptionSpreadsMessagesRoundRobin() {
        String filter = "$share/workers/devices/dev-a/jobs";
        try (RawMqttClient first = harness.raw("reader-s1");
                RawMqttClient second = harness.raw("reader-s2");
                RawMqttClient publisher = harness.raw("dev-a")) {
            for (RawMqttClient worker : List.of(first, second)) {
                worker.send(
                        RawMqttClient.connect(worker == first ? "reader-s1" : "reader-s2", 4, true, 60, null, null, 0));
                assertThat(worker.read().type()).isEqualTo(RawMqttClient.CONNACK);
                worker.send(RawMqttClient.subscribe(1, filter, 0, 4));
                RawMqttClient.Packet subAck = worker.read();
                assertThat(subAck.type()).isEqualTo(RawMqttClient.SUBACK);
                assertThat(subAck.body()[2]).as("granted QoS 0").isZero();
            }
            publisher.send(RawMqttClient.connect("dev-a", 4, true, 60, null, null, 0));
            assertThat(publisher.read().type()).isEqualTo(RawMqttClient.CONNACK);
            for (int i = 1; i <= 4; i++) {
                publisher.send(RawMqttClient.publish("devices/dev-a/jobs", "job-" + i, 1, i, 4));
                assertThat(publisher.read().type()).isEqualTo(RawMqttClient.PUBACK);
            }

            List<String> firstGot = receive(first, 2);
            List<String> secondGot = receive(second, 2);
            assertThat(firstGot).hasSize(2);
            assertThat(secondGot).hasSize(2);
            List<String> all = new ArrayList<>(firstGot);
            all.addAll(secondGot);
            assertThat(all).containsExactlyInAnyOrder("job-1", "job-2", "job-3", "job-4");
            assertThat(first.readWithin(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void silentClientIsDisconnectedAfterOneAndAHalfKeepAlives() {
        try (RawMqttClient client = harness.raw("dev-k")) {
            client.send(RawMqttClient.connect("dev-k", 4, true, 1, null, null, 0));
            assertThat(client.read().type()).isEqualTo(RawMqttClient.CONNACK);
            long start = System.nanoTime();
            assertThat(client.closedWithin(Duration.ofSeconds(4))).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_200L, 3_500L);
        }
        harness.events.await("disconnected dev-k KEEP_ALIVE_TIMEOUT", Duration.ofSeconds(5));
    }

    @Test
    void qos1FlowControlDeliversEverythingInOrder() {
        int count = 300;
        try (RawMqttClient reader = harness.raw("reader-f");
                RawMqttClient publisher = harness.raw("dev-a")) {
            reader.send(RawMqttClient.connect("reader-f", 4, true, 60, null, null, 0));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.CONNACK);
            reader.send(RawMqttClient.subscribe(1, "devices/dev-a/flow", 1, 4));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.SUBACK);
            publisher.send(RawMqttClient.connect("dev-a", 4, true, 60, null, null, 0));
            assertThat(publisher.read().type()).isEqualTo(RawMqttClient.CONNACK);

            // More messages than the in-flight window (100): the rest queue until the reader acknowledges.
            for (int i = 1; i <= count; i++) {
                publisher.send(RawMqttClient.publish("devices/dev-a/flow", "m" + i, 1, i, 4));
            }
            for (int i = 1; i <= count; i++) {
                RawMqttClient.Packet p = reader.read();
                assertThat(p.type()).isEqualTo(RawMqttClient.PUBLISH);
                assertThat(p.payload311()).isEqualTo("m" + i);
                reader.send(RawMqttClient.pubAck(p.packetId()));
            }
        }
    }

    @Test
    void resentQos2PublishIsDeliveredOnce() {
        try (RawMqttClient reader = harness.raw("reader-q");
                RawMqttClient publisher = harness.raw("dev-a")) {
            reader.send(RawMqttClient.connect("reader-q", 4, true, 60, null, null, 0));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.CONNACK);
            reader.send(RawMqttClient.subscribe(1, "devices/dev-a/once", 0, 4));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.SUBACK);
            publisher.send(RawMqttClient.connect("dev-a", 4, true, 60, null, null, 0));
            assertThat(publisher.read().type()).isEqualTo(RawMqttClient.CONNACK);

            byte[] publish = RawMqttClient.publish("devices/dev-a/once", "exactly", 2, 42, 4);
            publisher.send(publish);
            assertThat(publisher.read().type()).as("PUBREC").isEqualTo(5);
            publish[0] |= 0x08;
            publisher.send(publish);
            assertThat(publisher.read().type()).as("PUBREC again").isEqualTo(5);
            publisher.send(new byte[] {0x62, 0x02, 0x00, 42});
            assertThat(publisher.read().type()).as("PUBCOMP").isEqualTo(7);

            assertThat(reader.read().payload311()).isEqualTo("exactly");
            assertThat(reader.readWithin(Duration.ofMillis(300)))
                    .as("no duplicate")
                    .isNull();
        }
    }

    @Test
    void topicAliasesResolveBeforeAuthorizationAndRouting() {
        try (RawMqttClient reader = harness.raw("reader-a");
                RawMqttClient device = harness.raw("dev-a")) {
            reader.send(RawMqttClient.connect("reader-a", 4, true, 60, null, null, 0));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.CONNACK);
            reader.send(RawMqttClient.subscribe(1, "devices/dev-a/alias", 0, 4));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.SUBACK);
            device.send(RawMqttClient.connect("dev-a", 5, true, 60, null, null, 0));
            assertThat(device.read().type()).isEqualTo(RawMqttClient.CONNACK);

            // an alias set with a topic, then used alone, reaches the subscriber under the full topic
            device.send(RawMqttClient.publishWithAlias("devices/dev-a/alias", "one", 0, 0, 3));
            device.send(RawMqttClient.publishWithAlias("", "two", 0, 0, 3));
            RawMqttClient.Packet first = reader.read();
            RawMqttClient.Packet second = reader.read();
            assertThat(first.topic()).isEqualTo("devices/dev-a/alias");
            assertThat(first.payload311()).isEqualTo("one");
            assertThat(second.topic()).isEqualTo("devices/dev-a/alias");
            assertThat(second.payload311()).isEqualTo("two");

            // an alias for a topic the device may not publish to is denied each time it is used
            device.send(RawMqttClient.publishWithAlias("devices/dev-b/x", "a", 1, 1, 5));
            RawMqttClient.Packet deniedSet = device.read();
            device.send(RawMqttClient.publishWithAlias("", "b", 1, 2, 5));
            RawMqttClient.Packet deniedUse = device.read();
            assertThat(deniedSet.type()).isEqualTo(RawMqttClient.PUBACK);
            assertThat(deniedSet.body()[2] & 0xFF).isEqualTo(0x87);
            assertThat(deniedUse.type()).isEqualTo(RawMqttClient.PUBACK);
            assertThat(deniedUse.body()[2] & 0xFF).isEqualTo(0x87);

            // an alias never set is a protocol error
            device.send(RawMqttClient.publishWithAlias("", "c", 0, 0, 9));
            RawMqttClient.Packet disconnect = device.read();
            assertThat(disconnect.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(disconnect.body()[0] & 0xFF).isEqualTo(0x82);
        }
    }

    private static List<String> receive(RawMqttClient client, int count) {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RawMqttClient.Packet p = client.readWithin(Duration.ofSeconds(3));
            if (p == null) {
                break;
            }
            assertThat(p.type()).isEqualTo(RawMqttClient.PUBLISH);
            payloads.add(p.payload311());
        }
        return payloads;
    }
}
