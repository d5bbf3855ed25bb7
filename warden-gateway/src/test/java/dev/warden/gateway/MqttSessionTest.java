package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocation, will messages, session takeover and persistent sessions, driven byte by byte. */
@Tag("mosquitto")
class MqttSessionTest {
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

    @Test
    void revokedCertificateIsRefusedAtConnect() {
        // GIVEN the authenticator reports dev-r's certificate as revoked
        harness.revoked.add(harness.ca.device("dev-r").serialHex());
        // WHEN dev-r connects with either protocol THEN CONNACK says not authorized
        for (String version : new String[] {"mqttv311", "mqttv5"}) {
            Processes.Result result = harness.run(
                    harness.mosquitto("mosquitto_pub", "dev-r", version, "-t", "devices/dev-r/x", "-m", "m"));
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).containsIgnoringCase("not authori");
        }
        harness.events.await("authentication-failed dev-r CERTIFICATE_REVOKED", Duration.ofSeconds(5));
        assertThat(harness.events.all()).noneMatch(e -> e.startsWith("connected dev-r"));
    }

    @Test
    void disconnectBySerialCutsALiveSessionWithinOneSecond() {
        // GIVEN dev-live connected over MQTT 5
        try (RawMqttClient client = harness.raw("dev-live")) {
            client.send(RawMqttClient.connect("dev-live", 5, true, 60, null, null, 0));
            assertThat(client.read().type()).isEqualTo(RawMqttClient.CONNACK);
            harness.events.await("connected dev-live", Duration.ofSeconds(5));

            // WHEN its certificate is revoked
            long start = System.nanoTime();
            int cut = harness.gateway
                    .sessions()
                    .disconnectBySerial(harness.ca.device("dev-live").serialHex());

            // THEN it gets DISCONNECT 0x87 and the connection ends, all within one second
            RawMqttClient.Packet disconnect = client.read();
            boolean closed = client.closedWithin(Duration.ofSeconds(1));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(cut).isEqualTo(1);
            assertThat(disconnect.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(disconnect.body()[0] & 0xFF).isEqualTo(0x87);
            assertThat(closed).isTrue();
            assertThat(elapsedMillis).isLessThan(1000);
        }
        harness.events.await("disconnected dev-live REVOKED", Duration.ofSeconds(5));
    }

    @Test
    void revocationWhileTheAuthenticatorIsStillDecidingIsNotMissed() throws InterruptedException {
        // GIVEN a CONNECT whose authentication is in progress (the authenticator will still say yes)
        try (RawMqttClient client = harness.raw("slow-auth-1")) {
            client.send(RawMqttClient.connect("slow-auth-1", 5, true, 60, null, null, 0));
            assertThat(harness.slowAuthEntered.await(5, TimeUnit.SECONDS)).isTrue();

            // WHEN the certificate is revoked before the authenticator returns
            int cut = harness.gateway
                    .sessions()
                    .disconnectBySerial(harness.ca.device("slow-auth-1").serialHex());
            harness.slowAuthGate.countDown();

            // THEN the connection is closed and never accepted
            assertThat(cut).isEqualTo(1);
            RawMqttClient.Packet next = client.readWithin(Duration.ofSeconds(2));
            assertThat(next == null || next.type() != RawMqttClient.CONNACK || next.body()[1] != 0)
                    .as("no successful CONNACK")
                    .isTrue();
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
        assertThat(harness.events.all()).noneMatch(e -> e.startsWith("connected slow-auth-1"));
    }

    @Test
    void disconnectThingCutsAnMqtt311Session() {
        try (RawMqttClient client = harness.raw("dev-thing")) {
            client.send(RawMqttClient.connect("dev-thing", 4, true, 60, null, null, 0));
            assertThat(client.read().type()).isEqualTo(RawMqttClient.CONNACK);
            assertThat(harness.gateway.sessions().disconnectThing("dev-thing")).isEqualTo(1);
            assertThat(client.closedWithin(Duration.ofSeconds(1))).isTrue();
        }
    }

    @Test
    void willIsPublishedOnAbnormalDisconnectOnly() {
        try (RawMqttClient reader = harness.raw("reader")) {
            reader.send(RawMqttClient.connect("reader", 4, true, 60, null, null, 0));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.CONNACK);
            reader.send(RawMqttClient.subscribe(1, "devices/dev-w/status", 1, 4));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.SUBACK);

            // GIVEN dev-w connected with a will WHEN it says DISCONNECT THEN no will
            RawMqttClient polite = harness.raw("dev-w");
            polite.send(RawMqttClient.connect("dev-w", 4, true, 60, "devices/dev-w/status", "polite", 0));
            assertThat(polite.read().type()).isEqualTo(RawMqttClient.CONNACK);
            polite.send(RawMqttClient.disconnect());
            assertThat(polite.closedWithin(Duration.ofSeconds(2))).isTrue();

            // WHEN it reconnects with a will and its connection drops THEN the will is delivered
            RawMqttClient dropped = harness.raw("dev-w");
            dropped.send(RawMqttClient.connect("dev-w", 4, true, 60, "devices/dev-w/status", "gone", 0));
            assertThat(dropped.read().type()).isEqualTo(RawMqttClient.CONNACK);
            dropped.close();

            RawMqttClient.Packet will = reader.read();
            assertThat(will.type()).isEqualTo(RawMqttClient.PUBLISH);
            assertThat(will.topic()).isEqualTo("devices/dev-w/status");
            assertThat(will.payload311()).isEqualTo("gone");
        }
    }

    @Test
    void secondConnectWithTheSameClientIdTakesTheSessionOver() {
        try (RawMqttClient first = harness.raw("dev-t");
                RawMqttClient second = harness.raw("dev-t")) {
            first.send(RawMqttClient.connect("dev-t", 5, true, 60, null, null, 0));
            assertThat(first.read().type()).isEqualTo(RawMqttClient.CONNACK);

            second.send(RawMqttClient.connect("dev-t", 5, true, 60, null, null, 0));
            assertThat(second.read().type()).isEqualTo(RawMqttClient.CONNACK);

            RawMqttClient.Packet disconnect = first.read();
            assertThat(disconnect.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(disconnect.body()[0] & 0xFF).isEqualTo(0x8E);
            assertThat(first.closedWithin(Duration.ofSeconds(2))).isTrue();
            harness.events.await("disconnected dev-t SESSION_TAKEN_OVER", Duration.ofSeconds(5));

            // the new connection works
            second.send(RawMqttClient.publish("devices/dev-t/x", "still here", 1, 7, 5));
            RawMqttClient.Packet ack = second.read();
            assertThat(ack.type()).isEqualTo(RawMqttClient.PUBACK);
        }
    }

    @Test
    void persistentSessionReceivesQos1MessagesQueuedWhileOffline() {
        // GIVEN reader-p subscribed at QoS 1 with a persistent session, then gone
        try (RawMqttClient reader = harness.raw("reader-p")) {
            reader.send(RawMqttClient.connect("reader-p", 4, false, 60, null, null, 0));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.CONNACK);
            reader.send(RawMqttClient.subscribe(1, "devices/dev-a/queued", 1, 4));
            assertThat(reader.read().type()).isEqualTo(RawMqttClient.SUBACK);
            reader.send(RawMqttClient.disconnect());
            assertThat(reader.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
        harness.events.await("disconnected reader-p", Duration.ofSeconds(5));

        // WHEN dev-a publishes at QoS 1 meanwhile
        Processes.Result published = harness.run(harness.mosquitto(
                "mosquitto_pub",
                "dev-a",
                "mqttv311",
                "-t",
                "devices/dev-a/queued",
                "-m",
                "while-you-were-away",
                "-q",
                "1"));
        assertThat(published.exitCode()).as(published.output()).isZero();

        // THEN on reconnect the session is present and the message arrives
        try (RawMqttClient reader = harness.raw("reader-p")) {
            reader.send(RawMqttClient.connect("reader-p", 4, false, 60, null, null, 0));
            RawMqttClient.Packet connAck = reader.read();
            assertThat(connAck.type()).isEqualTo(RawMqttClient.CONNACK);
            assertThat(connAck.body()[0] & 1).as("session present").isEqualTo(1);
            RawMqttClient.Packet message = reader.read();
            assertThat(message.type()).isEqualTo(RawMqttClient.PUBLISH);
            assertThat(message.qos()).isEqualTo(1);
            assertThat(message.payload311()).isEqualTo("while-you-were-away");
            reader.send(RawMqttClient.pubAck(message.packetId()));
        }
    }
}
