package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testkit.Processes;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input from an authenticated TLS peer: each must close that connection cleanly while the broker keeps
 * serving others (checked after every case with a real publish).
 */
@Tag("mosquitto")
class MqttMalformedInputTest {
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

    @AfterEach
    void brokerStillServes() {
        Processes.Result result = harness.run(harness.mosquitto(
                "mosquitto_pub", "dev-ok", "mqttv5", "-t", "devices/dev-ok/alive", "-m", "yes", "-q", "1"));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void garbageBytesCloseTheConnection() {
        try (RawMqttClient client = harness.raw("dev-g")) {
            client.send(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01, 0x02, 0x03, 0x04, 0x05});
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void firstPacketOtherThanConnectClosesTheConnection() {
        try (RawMqttClient client = harness.raw("dev-g")) {
            client.send(new byte[] {(byte) 0xC0, 0x00});
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void remainingLengthOverflowClosesTheConnection() {
        try (RawMqttClient client = harness.raw("dev-g")) {
            client.send(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void truncatedConnectIsClosedByTheConnectTimeout() {
        try (RawMqttClient client = harness.raw("dev-g")) {
            byte[] connect = RawMqttClient.connect("dev-g", 4, true, 60, null, null, 0);
            client.send(java.util.Arrays.copyOf(connect, 6));
            assertThat(client.closedWithin(Duration.ofSeconds(4))).isTrue();
        }
    }

    @Test
    void silentConnectionIsClosedByTheConnectTimeout() {
        try (RawMqttClient client = harness.raw("dev-g")) {
            assertThat(client.closedWithin(Duration.ofSeconds(4))).isTrue();
        }
    }

    @Test
    void oversizedPacketGetsDisconnectPacketTooLarge() {
        try (RawMqttClient client = harness.raw("dev-g")) {
            client.send(RawMqttClient.connect("dev-g", 5, true, 60, null, null, 0));
            assertThat(client.read().type()).isEqualTo(RawMqttClient.CONNACK);
            // Only the start of a 70 KiB PUBLISH: the declared length alone must trigger the refusal, and the
            // client is not left writing into a connection the gateway has already closed.
            byte[] oversized = RawMqttClient.publish("devices/dev-g/big", "x".repeat(70 * 1024), 1, 1, 5);
            client.send(java.util.Arrays.copyOf(oversized, 32));
            RawMqttClient.Packet disconnect = client.read();
            assertThat(disconnect.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(disconnect.body()[0] & 0xFF).isEqualTo(0x95);
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
        harness.events.await("disconnected dev-g PROTOCOL_ERROR", Duration.ofSeconds(5));
    }

    @Test
    void wildcardInPublishTopicClosesTheConnection() {
        try (RawMqttClient client = harness.raw("dev-g")) {
            client.send(RawMqttClient.connect("dev-g", 5, true, 60, null, null, 0));
            assertThat(client.read().type()).isEqualTo(RawMqttClient.CONNACK);
            client.send(RawMqttClient.publish("devices/dev-g/#", "x", 0, 0, 5));
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void invalidUtf8TopicClosesTheConnection() {
        try (RawMqttClient client = harness.raw("dev-g")) {
            client.send(RawMqttClient.connect("dev-g", 4, true, 60, null, null, 0));
            assertThat(client.read().type()).isEqualTo(RawMqttClient.CONNACK);
            RawMqttClient.Bytes body = new RawMqttClient.Bytes()
                    .u16(3)
                    .raw(new byte[] {'a', (byte) 0xC3, 0x28})
                    .raw("payload".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            client.send(RawMqttClient.packet(0x30, body));
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedOnAccept() throws Exception {
        try (GatewayHarness small = new GatewayHarness(
                        java.nio.file.Files.createDirectories(dir.resolve("small")),
                        GatewayLimits.defaults().withMaxConnections(1));
                RawMqttClient first = small.raw("dev-g")) {
            first.send(RawMqttClient.connect("dev-g", 4, true, 60, null, null, 0));
            assertThat(first.read().type()).isEqualTo(RawMqttClient.CONNACK);
            assertThatThrownBy(
                            () -> small.raw("dev-h").send(RawMqttClient.connect("dev-h", 4, true, 60, null, null, 0)))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void secondConnectClosesTheConnection() {
        try (RawMqttClient client = harness.raw("dev-g")) {
            client.send(RawMqttClient.connect("dev-g", 4, true, 60, null, null, 0));
            assertThat(client.read().type()).isEqualTo(RawMqttClient.CONNACK);
            client.send(RawMqttClient.connect("dev-g", 4, true, 60, null, null, 0));
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
    }
}
