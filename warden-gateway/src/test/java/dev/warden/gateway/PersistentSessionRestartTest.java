package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent sessions across a broker restart, with real HiveMQ clients and a store that outlives the gateway: the
 * queued QoS 1 and QoS 2 messages and the subscriptions come back, a message is stored before its publisher gets
 * the acknowledgement, expired sessions are gone, and clean sessions never reach the store. Retained messages come
 * back too (cleared and expired ones do not), and a will left waiting at the restart is published when due unless
 * its client resumes its session first.
 */
class PersistentSessionRestartTest {
    @TempDir
    Path dir;

    private final MemorySessionStore store = new MemorySessionStore();

    @Test
    void queuedQos1AndQos2MessagesAndSubscriptionsSurviveARestart() throws Exception {
        GatewayHarness first = new GatewayHarness(java.nio.file.Files.createDirectories(dir.resolve("first")), store);
        try {
            // GIVEN reader-s subscribed with a persistent session (expiry 300 s), then offline
            Mqtt5BlockingClient reader = client(first, "reader-s");
            assertThat(reader.connectWith()
                            .cleanStart(true)
                            .sessionExpiryInterval(300)
                            .send()
                            .isSessionPresent())
                    .isFalse();
            reader.subscribeWith()
                    .topicFilter("devices/dev-a/#")
                    .qos(MqttQos.EXACTLY_ONCE)
                    .send();
            reader.disconnect();
            first.events.await("disconnected reader-s", Duration.ofSeconds(5));

            // WHEN dev-a publishes at QoS 1 and QoS 2
            Mqtt5BlockingClient device = client(first, "dev-a");
            device.connect();
            device.publishWith()
                    .topic("devices/dev-a/t")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("one"))
                    .send();
            // THEN each is in the store by the time its publisher has the acknowledgement
            assertThat(store.heldMessages("reader-s")).isEqualTo(1);
            device.publishWith()
                    .topic("devices/dev-a/t")
                    .qos(MqttQos.EXACTLY_ONCE)
                    .payload(bytes("two"))
                    .send();
            assertThat(store.heldMessages("reader-s")).isEqualTo(2);
            device.disconnect();
        } finally {
            first.close();
        }

        // WHEN the broker restarts on the same store
        GatewayHarness second = new GatewayHarness(java.nio.file.Files.createDirectories(dir.resolve("second")), store);
        try {
            Mqtt5BlockingClient reader = client(second, "reader-s");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
                // THEN the session is present and exactly the queued messages arrive, in order, at their QoS
                assertThat(reader.connectWith()
                                .cleanStart(false)
                                .sessionExpiryInterval(300)
                                .send()
                                .isSessionPresent())
                        .isTrue();
                List<Mqtt5Publish> received = receive(publishes, 2);
                assertThat(received).extracting(p -> text(p)).containsExactly("one", "two");
                assertThat(received)
                        .extracting(Mqtt5Publish::getQos)
                        .containsExactly(MqttQos.AT_LEAST_ONCE, MqttQos.EXACTLY_ONCE);
                assertThat(publishes.receive(300, TimeUnit.MILLISECONDS)).isEmpty();

                // AND the subscription is back: a new publish arrives without subscribing again
                Mqtt5BlockingClient device = client(second, "dev-a");
                device.connect();
                device.publishWith()
                        .topic("devices/dev-a/after")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(bytes("three"))
                        .send();
                device.disconnect();
                assertThat(receive(publishes, 1)).extracting(p -> text(p)).containsExactly("three");
            }
            reader.disconnect();
            // AND acknowledged messages left the store
            second.events.await("disconnected reader-s", Duration.ofSeconds(5));
            awaitHeld("reader-s", 0);
        } finally {
            second.close();
        }
    }

    @Test
    void aSessionExpiredWhileTheBrokerWasDownIsDeletedAtStart() throws Exception {
        GatewayHarness first = new GatewayHarness(java.nio.file.Files.createDirectories(dir.resolve("first")), store);
        try {
            // GIVEN reader-e with a session expiring one second after it goes offline, with a message waiting
            Mqtt5BlockingClient reader = client(first, "reader-e");
            reader.connectWith().cleanStart(true).sessionExpiryInterval(1).send();
            reader.subscribeWith()
                    .topicFilter("devices/dev-a/e")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            reader.disconnect();
            first.events.await("disconnected reader-e", Duration.ofSeconds(5));
            Mqtt5BlockingClient device = client(first, "dev-a");
            device.connect();
            device.publishWith()
                    .topic("devices/dev-a/e")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("stale"))
                    .send();
            device.disconnect();
            assertThat(store.hasSession("reader-e")).isTrue();
        } finally {
            first.close();
        }
        // WHEN the broker is down for longer than the expiry
        Thread.sleep(1_500);
        GatewayHarness second = new GatewayHarness(java.nio.file.Files.createDirectories(dir.resolve("second")), store);
        try {
            // THEN the session is deleted at start, and reconnecting finds none
            awaitGone("reader-e");
            Mqtt5BlockingClient reader = client(second, "reader-e");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(reader.connectWith()
                                .cleanStart(false)
                                .sessionExpiryInterval(1)
                                .send()
                                .isSessionPresent())
                        .isFalse();
                assertThat(publishes.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
            }
            reader.disconnect();
        } finally {
            second.close();
        }
    }

    @Test
    void cleanSessionsNeverReachTheStore() throws Exception {
        GatewayHarness harness = new GatewayHarness(dir, store);
        try {
            // GIVEN a reader with a clean session (expiry 0) receiving QoS 1 messages
            Mqtt5BlockingClient reader = client(harness, "reader-c");
            reader.connect();
            Mqtt5BlockingClient device = client(harness, "dev-a");
            device.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
                reader.subscribeWith()
                        .topicFilter("devices/dev-a/c")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                device.publishWith()
                        .topic("devices/dev-a/c")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(bytes("x"))
                        .send();
                assertThat(receive(publishes, 1)).hasSize(1);
            }
            reader.disconnect();
            device.disconnect();
            harness.events.await("disconnected reader-c", Duration.ofSeconds(5));
            // THEN nothing of either client was written
            assertThat(store.changes).isEmpty();
        } finally {
            harness.close();
        }
    }

    @Test
    void whenTheStoreFailsThePublisherGetsNoAcknowledgementAndIsDisconnected() throws Exception {
        GatewayHarness harness = new GatewayHarness(dir, store);
        try {
            // GIVEN an offline persistent session and a store that has stopped working
            try (RawMqttClient reader = harness.raw("reader-f")) {
                reader.send(RawMqttClient.connect("reader-f", 4, false, 60, null, null, 0));
                assertThat(reader.read().type()).isEqualTo(RawMqttClient.CONNACK);
                reader.send(RawMqttClient.subscribe(1, "devices/dev-a/f", 1, 4));
                assertThat(reader.read().type()).isEqualTo(RawMqttClient.SUBACK);
                reader.send(RawMqttClient.disconnect());
                assertThat(reader.closedWithin(Duration.ofSeconds(2))).isTrue();
            }
            harness.events.await("disconnected reader-f", Duration.ofSeconds(5));
            store.failWrites.set(true);

            // WHEN dev-a publishes at QoS 1 to it
            try (RawMqttClient device = harness.raw("dev-a")) {
                device.send(RawMqttClient.connect("dev-a", 4, true, 60, null, null, 0));
                assertThat(device.read().type()).isEqualTo(RawMqttClient.CONNACK);
                device.send(RawMqttClient.publish("devices/dev-a/f", "not durable", 1, 7, 4));
                // THEN no PUBACK promises what was not stored: the connection ends instead
                assertThat(device.closedWithin(Duration.ofSeconds(3))).isTrue();
            }
            harness.events.await("disconnected dev-a SESSION_STORE_FAILED", Duration.ofSeconds(5));
        } finally {
            store.failWrites.set(false);
            harness.close();
        }
    }

    @Test
    void retainedMessagesSurviveARestartButClearedAndExpiredOnesDoNot() throws Exception {
        GatewayHarness first = new GatewayHarness(java.nio.file.Files.createDirectories(dir.resolve("first")), store);
        try {
            Mqtt5BlockingClient device = client(first, "dev-a");
            device.connect();
            // GIVEN a retained message that stays, stored by the time its publisher has the PUBACK
            device.publishWith()
                    .topic("devices/dev-a/kept")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .payload(bytes("kept"))
                    .send();
            assertThat(store.retained()).hasSize(1);
            // AND one replaced by a later one on the same topic
            device.publishWith()
                    .topic("devices/dev-a/replaced")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .payload(bytes("old"))
                    .send();
            device.publishWith()
                    .topic("devices/dev-a/replaced")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .payload(bytes("new"))
                    .send();
            // AND one cleared with an empty retained payload
            device.publishWith()
                    .topic("devices/dev-a/cleared")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .payload(bytes("gone"))
                    .send();
            device.publishWith()
                    .topic("devices/dev-a/cleared")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .payload(new byte[0])
                    .send();
            // AND one that expires one second after it was published
            device.publishWith()
                    .topic("devices/dev-a/expiring")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .messageExpiryInterval(1)
                    .payload(bytes("stale"))
                    .send();
            assertThat(store.retained()).hasSize(3);
            device.disconnect();
        } finally {
            first.close();
        }
        // WHEN the broker is down for longer than the expiry, then restarts on the same store
        Thread.sleep(1_500);
        GatewayHarness second = new GatewayHarness(java.nio.file.Files.createDirectories(dir.resolve("second")), store);
        try {
            // THEN the expired one was deleted at start
            awaitRetained(2);
            // AND a new subscriber gets exactly the kept and the replacing message, marked retained
            Mqtt5BlockingClient reader = client(second, "reader-r");
            reader.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
                reader.subscribeWith()
                        .topicFilter("devices/dev-a/#")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                List<Mqtt5Publish> received = receive(publishes, 2);
                assertThat(received).extracting(p -> text(p)).containsExactlyInAnyOrder("kept", "new");
                assertThat(received).allMatch(Mqtt5Publish::isRetain);
                assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
            }
            reader.disconnect();

            // WHEN the kept one is cleared after the restart THEN that is durable too
            Mqtt5BlockingClient device = client(second, "dev-a");
            device.connect();
            device.publishWith()
                    .topic("devices/dev-a/kept")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .payload(new byte[0])
                    .send();
            device.disconnect();
            awaitRetained(1);
        } finally {
            second.close();
        }
    }

    @Test
    void aWillWaitingAtTheRestartIsPublishedWhenDue() throws Exception {
        // GIVEN a will delayed by three seconds waiting when the broker stops, WHEN the broker restarts
        long stoppedAt = stopWithAWaitingWill(3);
        GatewayHarness second = new GatewayHarness(java.nio.file.Files.createDirectories(dir.resolve("second")), store);
        try {
            // THEN the will reaches reader-w once due, not before, and leaves the store
            Mqtt5BlockingClient reader = client(second, "reader-w");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
                reader.connectWith()
                        .cleanStart(false)
                        .sessionExpiryInterval(300)
                        .send();
                assertThat(receive(publishes, 1)).extracting(p -> text(p)).containsExactly("dev-w lost");
                assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(stoppedAt + 3_000);
            }
            reader.disconnect();
            awaitNoWill("dev-w");
        } finally {
            second.close();
        }
    }

    @Test
    void aWillWaitingAtTheRestartIsNotPublishedIfItsClientResumesFirst() throws Exception {
        // GIVEN a will delayed by four seconds waiting when the broker stops, and the broker restarted
        long stoppedAt = stopWithAWaitingWill(4);
        GatewayHarness second = new GatewayHarness(java.nio.file.Files.createDirectories(dir.resolve("second")), store);
        try {
            Mqtt5BlockingClient reader = client(second, "reader-w");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
                reader.connectWith()
                        .cleanStart(false)
                        .sessionExpiryInterval(300)
                        .send();
                // WHEN dev-w resumes its session before the delay ends
                Mqtt5BlockingClient device = client(second, "dev-w");
                assertThat(device.connectWith()
                                .cleanStart(false)
                                .sessionExpiryInterval(300)
                                .send()
                                .isSessionPresent())
                        .isTrue();
                assertThat(System.currentTimeMillis())
                        .as("the restart took too long for this test")
                        .isLessThan(stoppedAt + 4_000);
                // THEN the will is dropped from the store and never published, not even after its due time
                awaitNoWill("dev-w");
                Thread.sleep(Math.max(0, stoppedAt + 4_500 - System.currentTimeMillis()));
                assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
                device.disconnect();
            }
            reader.disconnect();
        } finally {
            second.close();
        }
    }

    /**
     * Runs a broker in which reader-w, with a persistent session, subscribed to dev-w's status and went offline, and
     * dev-w connected with a persistent session and a will on that topic delayed by {@code delaySeconds}; then stops
     * it, which closes dev-w's connection so that its will starts waiting. Returns when the broker was stopped.
     */
    private long stopWithAWaitingWill(long delaySeconds) throws Exception {
        GatewayHarness first = new GatewayHarness(java.nio.file.Files.createDirectories(dir.resolve("first")), store);
        long stoppedAt;
        try {
            subscribeAndLeave(first, "reader-w", "devices/dev-w/status");
            willClient(first, "dev-w", delaySeconds);
        } finally {
            stoppedAt = System.currentTimeMillis();
            first.close();
        }
        assertThat(store.hasWill("dev-w")).isTrue();
        return stoppedAt;
    }

    /** A client that subscribes to {@code filter} at QoS 1 with a five-minute session, then goes offline. */
    private static void subscribeAndLeave(GatewayHarness harness, String clientId, String filter) throws Exception {
        Mqtt5BlockingClient reader = client(harness, clientId);
        reader.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        reader.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        reader.disconnect();
        harness.events.await("disconnected " + clientId, Duration.ofSeconds(5));
    }

    /** Connects {@code device} with a five-minute session and a QoS 1 will on its status topic, left connected. */
    private static void willClient(GatewayHarness harness, String device, long delaySeconds) {
        client(harness, device)
                .connectWith()
                .cleanStart(true)
                .sessionExpiryInterval(300)
                .willPublish()
                .topic("devices/" + device + "/status")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes(device + " lost"))
                .delayInterval(delaySeconds)
                .applyWillPublish()
                .send();
    }

    private void awaitRetained(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (store.retained().size() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.retained()).hasSize(expected);
    }

    private void awaitNoWill(String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (store.hasWill(clientId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.hasWill(clientId)).isFalse();
    }

    private static List<Mqtt5Publish> receive(Mqtt5BlockingClient.Mqtt5Publishes publishes, int count)
            throws InterruptedException {
        List<Mqtt5Publish> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<Mqtt5Publish> p = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(p).as("message %d of %d", i + 1, count).isPresent();
            received.add(p.get());
        }
        return received;
    }

    private void awaitHeld(String clientId, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (store.heldMessages(clientId) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.heldMessages(clientId)).isEqualTo(expected);
    }

    private void awaitGone(String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (store.hasSession(clientId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.hasSession(clientId)).isFalse();
        assertThat(store.heldMessages(clientId)).isZero();
    }

    private static Mqtt5BlockingClient client(GatewayHarness harness, String device) {
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }
}
