package dev.warden.server;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Persistent MQTT sessions across a restart of the whole node, on SQLite and PostgreSQL, with real clients (HiveMQ
 * MQTT 5, mosquitto_sub 3.1.1): messages queued for offline subscribers and their subscriptions come back after the
 * node restarts on the same data directory, expired sessions do not, no payload is anywhere at rest in the clear and
 * no topic or filter in the session tables, and erasing or deleting a thing takes its stored sessions with it. (Topic
 * names and filters are in the clear elsewhere by design: the audit trail records iot:Subscribe resources and stored
 * telemetry keeps its topic for queries; so the topic marker is checked against the session tables.)
 */
class MqttSessionsAtRestEndToEndTest {
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
            var sub = Processes.run(dir, mosquitto(first, "mosquitto_sub", "app-3", "mqttv311", "-c", "-t", topic,
                    "-q", "1", "-E"), 20);
            assertThat(sub.exitCode()).as(sub.output()).isZero();

            // WHEN sensor-1 publishes one message at QoS 1 and one at QoS 2
            Mqtt5BlockingClient sensor = client(first, "sensor-1");
            sensor.connect();
            sensor.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(payloads.get(0))).send();
            sensor.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload(bytes(payloads.get(1))).send();
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
                assertThat(app.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                        .isTrue();
                List<Mqtt5Publish> received = receive(publishes, 2);
                assertThat(received).extracting(p -> text(p)).containsExactlyElementsOf(payloads);
                assertThat(received).extracting(Mqtt5Publish::getQos)
                        .containsExactly(MqttQos.AT_LEAST_ONCE, MqttQos.EXACTLY_ONCE);
                assertThat(received).extracting(p -> p.getTopic().toString()).containsOnly(topic);
                assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();

                // AND its subscription is back: a new message arrives without subscribing again
                Mqtt5BlockingClient sensor = client(second, "sensor-1");
                sensor.connect();
                sensor.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("after-restart")).send();
                sensor.disconnect();
                assertThat(receive(publishes, 1)).extracting(p -> text(p)).containsExactly("after-restart");
            }
            app.disconnect();

            // AND the MQTT 3.1.1 client gets its two queued messages too
            var resumed = Processes.run(dir, mosquitto(second, "mosquitto_sub", "app-3", "mqttv311", "-c", "-t",
                    topic, "-q", "1", "-C", "3", "-W", "10"), 20);
            assertThat(resumed.output()).contains(payloads.get(0), payloads.get(1), "after-restart");

            // AND app-e finds no session any more
            Mqtt5BlockingClient expired = client(second, "app-e");
            assertThat(expired.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                    .isFalse();
            expired.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            expired.disconnect();
            awaitSessions(second, "app-e", 1);
            AtRestScan.assertNoMarkerUnder(data, markers);
            AtRestScan.assertNoMarkerIn("session tables", sessionTables(second), sessionMarkers);
            if (db != null) {
                AtRestScan.assertNoMarkerIn("pg_dump", AtRestScan.pgDump(dir, db, "mqtt_session_messages"), markers);
            }

            // WHEN app-s is erased (crypto-shredding) THEN its stored session goes with its data key
            assertThat(second.node.mqttSessions().store().sessionsOf("app-s")).isEqualTo(1);
            JsonNode erased = JSON.readTree(ok(second.cli("thing", "erase", "app-s", "--json")).out());
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
            sensor.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("held")).send();
            sensor.disconnect();
            // WHEN someone with write access to the database copies app-t's message ciphertext (same thing, same
            // key) over its subscriptions
            int moved = first.node.database().inTransaction(h -> h.createUpdate("UPDATE mqtt_sessions SET "
                    + "subscriptions = (SELECT message FROM mqtt_session_messages WHERE client_id = 'app-t') "
                    + "WHERE client_id = 'app-t'").execute());
            assertThat(moved).isEqualTo(1);
        } finally {
            first.close();
        }

        NodeHarness second = new NodeHarness(data, null);
        try {
            // THEN after a restart app-t's session fails authentication and is deleted, not half restored
            awaitNoSessions(second, "app-t");
            Mqtt5BlockingClient tampered = client(second, "app-t");
            assertThat(tampered.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                    .isFalse();
            tampered.disconnect();
            // AND app-s's session is intact
            Mqtt5BlockingClient app = client(second, "app-s");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = app.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(app.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                        .isTrue();
                assertThat(receive(publishes, 1)).extracting(p -> text(p)).containsExactly("held");
            }
            app.disconnect();
        } finally {
            second.close();
        }
    }

    /** Enrolls sensor-1 and the applications, which may subscribe to and receive everything sensor-1 publishes. */
    private void enroll(NodeHarness harness, String... apps) throws IOException {
        ok(harness.cli("device", "enroll", "sensor-1", "--out", dir.resolve("sensor-1").toString()));
        Files.writeString(dir.resolve("app.json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Subscribe",
                   "Resource": "arn:warden:iot:eu-west-1:default:topicfilter/devices/sensor-1/*"},
                  {"Effect": "Allow", "Action": "iot:Receive",
                   "Resource": "arn:warden:iot:eu-west-1:default:topic/devices/sensor-1/*"}]}
                """);
        ok(harness.cli("policy", "create", "app-sessions", "--file", dir.resolve("app.json").toString()));
        for (String app : apps) {
            ok(harness.cli("device", "enroll", app, "--out", dir.resolve(app).toString()));
            ok(harness.cli("policy", "attach", "app-sessions", "--thing", app));
        }
    }

    private void subscribeAndLeave(NodeHarness harness, String thing, String topic, long expirySeconds)
            throws Exception {
        Mqtt5BlockingClient client = client(harness, thing);
        client.connectWith().cleanStart(true).sessionExpiryInterval(expirySeconds).send();
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
        var identity = DeviceTls.identity(Pem.parsePrivateKey(Files.readString(d.resolve(thing + ".key"))),
                Pem.parseCertificates(Files.readString(d.resolve(thing + ".crt"))));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        X509Certificate root = Pem.parseCertificates(Files.readString(harness.dataDir.resolve("pki/root.crt"))).get(0);
        trust.setCertificateEntry("root", root);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        return MqttClient.builder().useMqttVersion5().identifier(thing).serverHost("localhost")
                .serverPort(harness.node.mqttPort())
                .sslConfig().keyManagerFactory(identity).trustManagerFactory(trustManagers).applySslConfig()
                .buildBlocking();
    }

    private List<String> mosquitto(NodeHarness harness, String tool, String thing, String version, String... args) {
        Path d = dir.resolve(thing);
        List<String> command = new ArrayList<>(List.of(tool, "-h", "localhost", "-p",
                String.valueOf(harness.node.mqttPort()), "--cafile", harness.dataDir.resolve("pki/root.crt").toString(),
                "--cert", d.resolve(thing + ".crt").toString(), "--key", d.resolve(thing + ".key").toString(),
                "-i", thing, "-V", version));
        command.addAll(List.of(args));
        return command;
    }

    /** Every column of every stored session and held message, as text. */
    private static String sessionTables(NodeHarness harness) {
        String text = harness.node.database().read(h -> h.createQuery("SELECT * FROM mqtt_sessions").mapToMap().list()
                + "\n" + h.createQuery("SELECT * FROM mqtt_session_messages").mapToMap().list());
        assertThat(text).contains("app-s");
        return text;
    }

    private static NodeHarness.CliResult ok(NodeHarness.CliResult result) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        return result;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }
}
