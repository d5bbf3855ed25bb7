package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.warden.device.DeviceTls;
import dev.warden.pki.Pem;
import dev.warden.testkit.PostgresFixture;
import dev.warden.testkit.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Persistent MQTT sessions across a restart of the whole node, on SQLite and PostgreSQL, with real clients (HiveMQ
 * MQTT 5, mosquitto_sub 3.1.1): messages queued for offline subscribers and their subscriptions come back after the
 * node restarts on the same data directory, expired sessions do not, no payload is anywhere at rest in the clear and
 * no topic or filter in the session tables, and erasing or deleting a thing takes its stored sessions with it.
 * Retained messages and wills left waiting come back too, encrypted: a retained message is delivered to a new
 * subscriber after the restart (a cleared or expired one is not), a will is published when due unless its client
 * resumes first, and erasing a thing drops its retained messages. (Topic names and filters are in the clear
 * elsewhere by design: the audit trail records iot:Subscribe resources and stored telemetry keeps its topic for
 * queries; so the topic marker is checked against the session, retained and will tables.)
 */
@Tag("mosquitto")
@Tag("postgresql")
class MqttSessionsAtRestEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void persistentSessionsSurviveANodeRestartEncrypted(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        Path data = dir.resolve("data");
        String topicMarker = "MARKERTOPIC" + UUID.randomUUID().toString().replace("-", "");
        String topic = "devices/sensor-1/" + topicMarker;
        List<String> payloads = List.of("MARKER-QOS1-" + UUID.randomUUID(), "MARKER-QOS2-" + UUID.randomUUID());
        List<String> markers = List.copyOf(payloads);
        List<String> sessionMarkers = List.of(payloads.get(0), payloads.get(1), topicMarker);

        NodeHarness first = new NodeHarness(data, db);
        try {
            enroll(first, "app-s", "app-e", "app-3");

            // GIVEN app-s subscribed with a persistent session (an hour), then offline
            subscribeAndLeave(first, "app-s", topic, 3600);
            // AND app-3 the same over MQTT 3.1.1 with mosquitto_sub (clean session off, exits once subscribed)
            var sub = Processes.run(
                    dir,
                    mosquitto(first, "mosquitto_sub", "app-3", "mqttv311", "-c", "-t", topic, "-q", "1", "-E"),
                    20);
            assertThat(sub.exitCode()).as(sub.output()).isZero();

            // WHEN sensor-1 publishes one message at QoS 1 and one at QoS 2
            Mqtt5BlockingClient sensor = client(first, "sensor-1");
            sensor.connect();
            sensor.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes(payloads.get(0)))
                    .send();
            sensor.publishWith()
                    .topic(topic)
                    .qos(MqttQos.EXACTLY_ONCE)
                    .payload(bytes(payloads.get(1)))
                    .send();
            sensor.disconnect();

            // THEN the sessions are stored, and no marker is at rest in the clear
            assertThat(first.node.mqttSessions().store().sessionsOf("app-s")).isEqualTo(1);
            AtRestScan.assertNoMarkerUnder(data, markers);
            AtRestScan.assertNoMarkerIn("session tables", sessionTables(first), sessionMarkers);
            if (db != null) {
                AtRestScan.assertNoMarkerIn("pg_dump", AtRestScan.pgDump(dir, db, "mqtt_session_messages"), markers);
            }

            // AND app-e subscribed with a session of two seconds just before the node stops
            subscribeAndLeave(first, "app-e", topic, 2);
        } finally {
            first.close();
        }
        long appEOffline = System.nanoTime();
        AtRestScan.assertNoMarkerUnder(data, markers);
        // (app-e's session expires while the node is down)
        Thread.sleep(Math.max(0, 2_500 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appEOffline)));

        // WHEN the node restarts on the same data directory
        NodeHarness second = new NodeHarness(data, db);
        try {
            // THEN the expired session is gone
            awaitNoSessions(second, "app-e");

            // AND app-s resumes its session and receives exactly the queued messages, at their QoS, in order
            Mqtt5BlockingClient app = client(second, "app-s");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = app.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(app.connectWith()
                                .cleanStart(false)
                                .sessionExpiryInterval(3600)
                                .send()
                                .isSessionPresent())
                        .isTrue();
                List<Mqtt5Publish> received = receive(publishes, 2);
                assertThat(received).extracting(p -> text(p)).containsExactlyElementsOf(payloads);
                assertThat(received)
                        .extracting(Mqtt5Publish::getQos)
                        .containsExactly(MqttQos.AT_LEAST_ONCE, MqttQos.EXACTLY_ONCE);
                assertThat(received).extracting(p -> p.getTopic().toString()).containsOnly(topic);
                assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();

                // AND its subscription is back: a new message arrives without subscribing again
                Mqtt5BlockingClient sensor = client(second, "sensor-1");
                sensor.connect();
                sensor.publishWith()
                        .topic(topic)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(bytes("after-restart"))
                        .send();
                sensor.disconnect();
                assertThat(receive(publishes, 1)).extracting(p -> text(p)).containsExactly("after-restart");
            }
            app.disconnect();

            // AND the MQTT 3.1.1 client gets its two queued messages too
            var resumed = Processes.run(
                    dir,
                    mosquitto(
                            second,
                            "mosquitto_sub",
                            "app-3",
                            "mqttv311",
                            "-c",
                            "-t",
                            topic,
                            "-q",
                            "1",
                            "-C",
                            "3",
                            "-W",
                            "10"),
                    20);
            assertThat(resumed.output()).contains(payloads.get(0), payloads.get(1), "after-restart");

            // AND app-e finds no session any more
            Mqtt5BlockingClient expired = client(second, "app-e");
            assertThat(expired.connectWith()
                            .cleanStart(false)
                            .sessionExpiryInterval(3600)
                            .send()
                            .isSessionPresent())
                    .isFalse();
            expired.subscribeWith()
                    .topicFilter(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            expired.disconnect();
            awaitSessions(second, "app-e", 1);
            AtRestScan.assertNoMarkerUnder(data, markers);
            AtRestScan.assertNoMarkerIn("session tables", sessionTables(second), sessionMarkers);
            if (db != null) {
                AtRestScan.assertNoMarkerIn("pg_dump", AtRestScan.pgDump(dir, db, "mqtt_session_messages"), markers);
            }

            // WHEN app-s is erased (crypto-shredding) THEN its stored session goes with its data key
            assertThat(second.node.mqttSessions().store().sessionsOf("app-s")).isEqualTo(1);
            JsonNode erased = JSON.readTree(
                    ok(second.cli("thing", "erase", "app-s", "--json")).out());
            assertThat(erased.path("mqttSessionsDeleted").asInt()).isEqualTo(1);
            assertThat(second.node.mqttSessions().store().sessionsOf("app-s")).isZero();

            // WHEN app-e is deleted THEN so is its session
            ok(second.cli("device", "delete", "app-e"));
            assertThat(second.node.mqttSessions().store().sessionsOf("app-e")).isZero();
        } finally {
            second.close();
        }

        // AND after yet another restart nothing of either comes back
        NodeHarness third = new NodeHarness(data, db);
        try {
            assertThat(third.node.mqttSessions().store().sessionsOf("app-s")).isZero();
            assertThat(third.node.mqttSessions().store().sessionsOf("app-e")).isZero();
        } finally {
            third.close();
        }
        AtRestScan.assertNoMarkerUnder(data, markers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void retainedMessagesAndWaitingWillsSurviveANodeRestartEncrypted(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        Path data = dir.resolve("data");
        String topicMarker = "MARKERTOPIC" + UUID.randomUUID().toString().replace("-", "");
        String base = "devices/sensor-1/" + topicMarker;
        String kept = "MARKER-RETAINED-" + UUID.randomUUID();
        String cleared = "MARKER-CLEARED-" + UUID.randomUUID();
        String expiring = "MARKER-EXPIRING-" + UUID.randomUUID();
        String will1 = "MARKER-WILL1-" + UUID.randomUUID();
        String will2 = "MARKER-WILL2-" + UUID.randomUUID();
        List<String> markers = List.of(kept, cleared, expiring, will1, will2);
        List<String> tableMarkers = List.of(kept, cleared, expiring, will1, will2, topicMarker);
        long willDelayMillis = 20_000;
        long stoppedAt;

        NodeHarness first = new NodeHarness(data, db);
        try {
            enroll(first, "app-r", "app-w", "app-3");
            allowRetainedPublishes(first, "sensor-1", "sensor-2");
            // GIVEN app-w subscribed to both sensors' wills with a persistent session, offline
            subscribeAndLeave(first, "app-w", "devices/+/" + topicMarker + "/will", 3600);

            // AND sensor-1 retained one message, cleared another and retained a third that expires in two seconds
            Mqtt5BlockingClient sensor = client(first, "sensor-1");
            sensor.connect();
            retain(sensor, base + "/state", kept, 0);
            retain(sensor, base + "/cleared", cleared, 0);
            retain(sensor, base + "/cleared", "", 0);
            retain(sensor, base + "/expiring", expiring, 2);
            sensor.disconnect();
            // (each is stored by the time its PUBACK came)
            assertThat(first.node.mqttSessions().store().retainedOf("sensor-1")).isEqualTo(2);

            // AND both sensors are connected with persistent sessions and wills delayed by 20 s
            connectWithWill(
                    first, "sensor-1", "devices/sensor-1/" + topicMarker + "/will", will1, willDelayMillis / 1000);
            connectWithWill(
                    first, "sensor-2", "devices/sensor-2/" + topicMarker + "/will", will2, willDelayMillis / 1000);
        } finally {
            // WHEN the node stops (closing the sensors' connections without DISCONNECT: their wills start waiting)
            stoppedAt = System.currentTimeMillis();
            first.close();
        }
        AtRestScan.assertNoMarkerUnder(data, markers);
        Thread.sleep(Math.max(0, stoppedAt + 2_500 - System.currentTimeMillis()));

        // AND restarts on the same data directory
        NodeHarness second = new NodeHarness(data, db);
        try {
            // THEN both wills are stored, waiting, and nothing device-derived is in the clear
            assertThat(wills(second)).isEqualTo(2);
            AtRestScan.assertNoMarkerIn("retained and will tables", retainedAndWillTables(second), tableMarkers);
            AtRestScan.assertNoMarkerIn("session tables", sessionTables(second, "app-w"), tableMarkers);
            if (db != null) {
                AtRestScan.assertNoMarkerIn("pg_dump", AtRestScan.pgDump(dir, db, "mqtt_retained"), markers);
            }

            // WHEN sensor-2 resumes its session before its will is due
            Mqtt5BlockingClient sensor2 = client(second, "sensor-2");
            assertThat(sensor2.connectWith()
                            .cleanStart(false)
                            .sessionExpiryInterval(3600)
                            .send()
                            .isSessionPresent())
                    .isTrue();
            assertThat(System.currentTimeMillis())
                    .as("the restart took too long for this test")
                    .isLessThan(stoppedAt + willDelayMillis);
            // THEN its will is dropped
            awaitWills(second, 1);

            // AND a new subscriber gets the retained message, but neither the cleared nor the expired one
            Mqtt5BlockingClient reader = client(second, "app-r");
            reader.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
                reader.subscribeWith()
                        .topicFilter(base + "/#")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                Mqtt5Publish retained = receive(publishes, 1).get(0);
                assertThat(text(retained)).isEqualTo(kept);
                assertThat(retained.isRetain()).isTrue();
                assertThat(retained.getTopic().toString()).isEqualTo(base + "/state");
                assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
            }
            reader.disconnect();
            assertThat(second.node.mqttSessions().store().retainedOf("sensor-1"))
                    .isEqualTo(1);
            // AND so does an MQTT 3.1.1 subscriber with mosquitto_sub
            var sub = Processes.run(
                    dir,
                    mosquitto(
                            second,
                            "mosquitto_sub",
                            "app-3",
                            "mqttv311",
                            "-t",
                            base + "/#",
                            "-q",
                            "1",
                            "-C",
                            "1",
                            "-W",
                            "5"),
                    20);
            assertThat(sub.output()).contains(kept).doesNotContain(cleared).doesNotContain(expiring);

            // AND app-w gets sensor-1's will once it is due, not before, and never sensor-2's
            Mqtt5BlockingClient watcher = client(second, "app-w");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
                watcher.connectWith()
                        .cleanStart(false)
                        .sessionExpiryInterval(3600)
                        .send();
                Optional<Mqtt5Publish> will = publishes.receive(willDelayMillis + 10_000, TimeUnit.MILLISECONDS);
                assertThat(will).isPresent();
                assertThat(text(will.get())).isEqualTo(will1);
                assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(stoppedAt + willDelayMillis);
                assertThat(publishes.receive(1, TimeUnit.SECONDS)).isEmpty();
            }
            watcher.disconnect();
            sensor2.disconnect();
            awaitWills(second, 0);

            // WHEN sensor-1 is erased THEN its retained message goes with its data key, stored and in memory
            JsonNode erased = JSON.readTree(
                    ok(second.cli("thing", "erase", "sensor-1", "--json")).out());
            assertThat(erased.path("mqttRetainedDeleted").asInt()).isEqualTo(1);
            assertThat(second.node.mqttSessions().store().retainedOf("sensor-1"))
                    .isZero();
            assertNoRetained(second, base + "/#");
        } finally {
            second.close();
        }

        // AND after yet another restart nothing of it comes back
        NodeHarness third = new NodeHarness(data, db);
        try {
            assertThat(third.node.mqttSessions().store().retainedOf("sensor-1")).isZero();
            assertNoRetained(third, base + "/#");
        } finally {
            third.close();
        }
        AtRestScan.assertNoMarkerUnder(data, markers);
    }

    @Test
    void aRetainedMessageWhoseRowWasAlteredIsDeletedAtStartNotDelivered() throws Exception {
        Path data = dir.resolve("data");
        NodeHarness first = new NodeHarness(data, null);
        try {
            // GIVEN two retained messages of sensor-1
            enroll(first, "app-r");
            allowRetainedPublishes(first, "sensor-1");
            Mqtt5BlockingClient sensor = client(first, "sensor-1");
            sensor.connect();
            retain(sensor, "devices/sensor-1/a", "first", 0);
            retain(sensor, "devices/sensor-1/b", "second", 0);
            sensor.disconnect();
            // WHEN someone with write access to the database renames one of them (its ciphertext is bound to its id)
            int altered = first.node
                    .database()
                    .inTransaction(h -> h.createUpdate("UPDATE mqtt_retained SET "
                                    + "id = 'moved' WHERE id = (SELECT MAX(id) FROM mqtt_retained)")
                            .execute());
            assertThat(altered).isEqualTo(1);
        } finally {
            first.close();
        }
        NodeHarness second = new NodeHarness(data, null);
        try {
            // THEN after a restart it fails authentication and is deleted, not delivered; the other one is
            assertThat(second.node.mqttSessions().store().retainedOf("sensor-1"))
                    .isEqualTo(1);
            int renamed = second.node
                    .database()
                    .read(h -> h.createQuery("SELECT COUNT(*) FROM mqtt_retained WHERE id = 'moved'")
                            .mapTo(Integer.class)
                            .one());
            assertThat(renamed).isZero();
            // AND the audit trail says which record was discarded and why
            assertThat(discardsAudited(second)).anySatisfy(e -> {
                assertThat(e.path("resource").asText()).endsWith(":retained/moved");
                assertThat(e.path("details").path("reason").asText()).isEqualTo("DECRYPTION_FAILED");
            });
            Mqtt5BlockingClient reader = client(second, "app-r");
            reader.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
                reader.subscribeWith()
                        .topicFilter("devices/sensor-1/#")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                // (which one was renamed depends on the random ids)
                assertThat(text(receive(publishes, 1).get(0))).isIn("first", "second");
                assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
            }
            reader.disconnect();
        } finally {
            second.close();
        }
    }

    @Test
    void aSessionWhoseCiphertextWasMovedIsDeletedAtStartNotRestored() throws Exception {
        Path data = dir.resolve("data");
        String topic = "devices/sensor-1/moved";
        NodeHarness first = new NodeHarness(data, null);
        try {
            // GIVEN app-s and app-t each hold a QoS 1 message in a persistent session
            enroll(first, "app-s", "app-t");
            subscribeAndLeave(first, "app-s", topic, 3600);
            subscribeAndLeave(first, "app-t", topic, 3600);
            Mqtt5BlockingClient sensor = client(first, "sensor-1");
            sensor.connect();
            sensor.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("held"))
                    .send();
            sensor.disconnect();
            // WHEN someone with write access to the database copies app-t's message ciphertext (same thing, same
            // key) over its subscriptions
            int moved = first.node
                    .database()
                    .inTransaction(h -> h.createUpdate("UPDATE mqtt_sessions SET "
                                    + "subscriptions = (SELECT message FROM mqtt_session_messages WHERE client_id = 'app-t') "
                                    + "WHERE client_id = 'app-t'")
                            .execute());
            assertThat(moved).isEqualTo(1);
        } finally {
            first.close();
        }

        NodeHarness second = new NodeHarness(data, null);
        try {
            // THEN after a restart app-t's session fails authentication and is deleted, not half restored
            awaitNoSessions(second, "app-t");
            assertThat(discardsAudited(second)).anySatisfy(e -> {
                assertThat(e.path("resource").asText()).endsWith(":client/app-t");
                assertThat(e.path("result").asText()).isEqualTo("DENY");
            });
            Mqtt5BlockingClient tampered = client(second, "app-t");
            assertThat(tampered.connectWith()
                            .cleanStart(false)
                            .sessionExpiryInterval(3600)
                            .send()
                            .isSessionPresent())
                    .isFalse();
            tampered.disconnect();
            // AND app-s's session is intact
            Mqtt5BlockingClient app = client(second, "app-s");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = app.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(app.connectWith()
                                .cleanStart(false)
                                .sessionExpiryInterval(3600)
                                .send()
                                .isSessionPresent())
                        .isTrue();
                assertThat(receive(publishes, 1)).extracting(p -> text(p)).containsExactly("held");
            }
            app.disconnect();
        } finally {
            second.close();
        }
    }

    /** Enrolls sensor-1 and the applications, which may subscribe to and receive everything devices publish. */
    private void enroll(NodeHarness harness, String... apps) throws IOException {
        ok(harness.cli(
                "device", "enroll", "sensor-1", "--out", dir.resolve("sensor-1").toString()));
        Files.writeString(dir.resolve("app.json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Subscribe",
                   "Resource": "arn:warden:iot:eu-west-1:default:topicfilter/devices/*"},
                  {"Effect": "Allow", "Action": "iot:Receive",
                   "Resource": "arn:warden:iot:eu-west-1:default:topic/devices/*"}]}
                """);
        ok(harness.cli(
                "policy",
                "create",
                "app-sessions",
                "--file",
                dir.resolve("app.json").toString()));
        for (String app : apps) {
            ok(harness.cli("device", "enroll", app, "--out", dir.resolve(app).toString()));
            ok(harness.cli("policy", "attach", "app-sessions", "--thing", app));
        }
    }

    private void subscribeAndLeave(NodeHarness harness, String thing, String topic, long expirySeconds)
            throws Exception {
        Mqtt5BlockingClient client = client(harness, thing);
        client.connectWith()
                .cleanStart(true)
                .sessionExpiryInterval(expirySeconds)
                .send();
        client.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
        client.disconnect();
        awaitSessions(harness, thing, 1);
        // The session row is written at disconnect; wait until the broker has seen the client go.
        Thread.sleep(100);
    }

    private static void awaitSessions(NodeHarness harness, String thing, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (harness.node.mqttSessions().store().sessionsOf(thing) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(harness.node.mqttSessions().store().sessionsOf(thing)).isEqualTo(expected);
    }

    /** The audit events of records discarded at start; polls, since the audit trail is written asynchronously. */
    private static List<JsonNode> discardsAudited(NodeHarness harness) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<JsonNode> events = new ArrayList<>();
        while (events.isEmpty() && System.nanoTime() < deadline) {
            JSON.readTree(ok(harness.cli("audit", "query", "--action", "iot:RestoreSession", "--json"))
                            .out())
                    .path("events")
                    .forEach(events::add);
            if (events.isEmpty()) {
                Thread.sleep(100);
            }
        }
        return events;
    }

    private static void awaitNoSessions(NodeHarness harness, String thing) throws InterruptedException {
        awaitSessions(harness, thing, 0);
    }

    private static List<Mqtt5Publish> receive(Mqtt5BlockingClient.Mqtt5Publishes publishes, int count)
            throws InterruptedException {
        List<Mqtt5Publish> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<Mqtt5Publish> p = publishes.receive(10, TimeUnit.SECONDS);
            assertThat(p).as("message %d of %d", i + 1, count).isPresent();
            received.add(p.get());
        }
        return received;
    }

    private Mqtt5BlockingClient client(NodeHarness harness, String thing) throws Exception {
        Path d = dir.resolve(thing);
        var identity = DeviceTls.identity(
                Pem.parsePrivateKey(Files.readString(d.resolve(thing + ".key"))),
                Pem.parseCertificates(Files.readString(d.resolve(thing + ".crt"))));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        X509Certificate root = Pem.parseCertificates(Files.readString(harness.dataDir.resolve("pki/root.crt")))
                .get(0);
        trust.setCertificateEntry("root", root);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(thing)
                .serverHost("localhost")
                .serverPort(harness.node.mqttPort())
                .sslConfig()
                .keyManagerFactory(identity)
                .trustManagerFactory(trustManagers)
                .applySslConfig()
                .buildBlocking();
    }

    private List<String> mosquitto(NodeHarness harness, String tool, String thing, String version, String... args) {
        Path d = dir.resolve(thing);
        List<String> command = new ArrayList<>(List.of(
                tool,
                "-h",
                "localhost",
                "-p",
                String.valueOf(harness.node.mqttPort()),
                "--cafile",
                harness.dataDir.resolve("pki/root.crt").toString(),
                "--cert",
                d.resolve(thing + ".crt").toString(),
                "--key",
                d.resolve(thing + ".key").toString(),
                "-i",
                thing,
                "-V",
                version));
        command.addAll(List.of(args));
        return command;
    }

    /** Every column of every stored session and held message, as text. */
    private static String sessionTables(NodeHarness harness) {
        return sessionTables(harness, "app-s");
    }

    private static String sessionTables(NodeHarness harness, String mustContain) {
        String text = harness.node
                .database()
                .read(h ->
                        h.createQuery("SELECT * FROM mqtt_sessions").mapToMap().list() + "\n"
                                + h.createQuery("SELECT * FROM mqtt_session_messages")
                                        .mapToMap()
                                        .list());
        assertThat(text).contains(mustContain);
        return text;
    }

    /** Every column of every stored retained message and pending will, as text. */
    private static String retainedAndWillTables(NodeHarness harness) {
        String text = harness.node
                .database()
                .read(h ->
                        h.createQuery("SELECT * FROM mqtt_retained").mapToMap().list() + "\n"
                                + h.createQuery("SELECT * FROM mqtt_session_wills")
                                        .mapToMap()
                                        .list());
        assertThat(text).contains("sensor-1", "sensor-2");
        return text;
    }

    /** Lets each sensor retain what it publishes on its own topics (iot:RetainPublish, as in AWS IoT). */
    private void allowRetainedPublishes(NodeHarness harness, String... sensors) throws IOException {
        Files.writeString(
                dir.resolve("retain.json"),
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": "
                        + "\"Allow\", \"Action\": \"iot:RetainPublish\", \"Resource\": "
                        + "\"arn:warden:iot:eu-west-1:default:topic/devices/${iot:ClientId}/*\"}]}");
        ok(harness.cli(
                "policy",
                "create",
                "sensor-retain",
                "--file",
                dir.resolve("retain.json").toString()));
        for (String sensor : sensors) {
            if (!Files.exists(dir.resolve(sensor))) {
                ok(harness.cli(
                        "device", "enroll", sensor, "--out", dir.resolve(sensor).toString()));
            }
            ok(harness.cli("policy", "attach", "sensor-retain", "--thing", sensor));
        }
    }

    /** A retained QoS 1 publish (an empty payload clears the topic); {@code expirySeconds} 0 means none. */
    private static void retain(Mqtt5BlockingClient client, String topic, String payload, long expirySeconds) {
        var publish = client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .payload(bytes(payload));
        if (expirySeconds > 0) {
            publish = publish.messageExpiryInterval(expirySeconds);
        }
        publish.send();
    }

    /** Connects with an hour-long session and a QoS 1 will delayed by {@code delaySeconds}, and stays connected. */
    private void connectWithWill(NodeHarness harness, String thing, String topic, String payload, long delaySeconds)
            throws Exception {
        client(harness, thing)
                .connectWith()
                .cleanStart(true)
                .sessionExpiryInterval(3600)
                .willPublish()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes(payload))
                .delayInterval(delaySeconds)
                .applyWillPublish()
                .send();
    }

    /** A new subscriber to {@code filter} gets no retained message. */
    private void assertNoRetained(NodeHarness harness, String filter) throws Exception {
        Mqtt5BlockingClient reader = client(harness, "app-r");
        reader.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
            reader.subscribeWith()
                    .topicFilter(filter)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
        }
        reader.disconnect();
    }

    private static int wills(NodeHarness harness) {
        return harness.node
                .database()
                .read(h -> h.createQuery("SELECT COUNT(*) FROM mqtt_session_wills")
                        .mapTo(Integer.class)
                        .one());
    }

    private static void awaitWills(NodeHarness harness, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (wills(harness) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(wills(harness)).isEqualTo(expected);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }
}
