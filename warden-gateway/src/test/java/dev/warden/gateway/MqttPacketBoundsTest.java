package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.RawMqttClient.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A length prefix that claims more bytes than its packet (or its property block) has is a malformed packet: the
 * connection is closed at once (well within the keep-alive and the 2 s connect timeout), after a DISCONNECT 0x81 on
 * MQTT 5, instead of the decoder waiting for bytes the fixed header says are not coming. Real TLS connections.
 */
class MqttPacketBoundsTest {
    /** Well under the harness's 2 s connect timeout and any keep-alive: only an immediate close passes. */
    private static final Duration AT_ONCE = Duration.ofSeconds(1);

    private static final byte[] PINGREQ = {(byte) 0xC0, 0x00};

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

    static Stream<Arguments> afterConnect() {
        return Stream.of(
                Arguments.of(
                        "PUBLISH topic longer than its packet",
                        publish(new Bytes().u16(500).raw(utf8("devices/dev-g/t")))),
                Arguments.of(
                        "PUBLISH topic swallowing the next packet",
                        concat(publish(new Bytes().u16(17).raw(utf8("devices/dev-g/t"))), PINGREQ)),
                Arguments.of(
                        "SUBSCRIBE filter longer than its packet",
                        RawMqttClient.packet(
                                0x82,
                                withProperties(new Bytes().u16(1)).u16(300).raw(utf8("devices/#")))),
                Arguments.of(
                        "SUBSCRIBE without its options byte",
                        RawMqttClient.packet(
                                0x82, withProperties(new Bytes().u16(1)).string("devices/#"))),
                Arguments.of(
                        "UNSUBSCRIBE filter longer than its packet",
                        RawMqttClient.packet(
                                0xA2, withProperties(new Bytes().u16(2)).u16(40).raw(utf8("devices/#")))),
                Arguments.of(
                        "PUBACK properties longer than its packet",
                        RawMqttClient.packet(
                                0x40, new Bytes().u16(1).u8(0).varint(50).u8(0x1F))));
    }

    @ParameterizedTest(name = "MQTT 5: {0}")
    @MethodSource("afterConnect")
    void mqtt5GetsDisconnectMalformedPacketAndIsClosed(String name, byte[] packet) {
        try (RawMqttClient client = connected(5)) {
            client.send(packet);
            RawMqttClient.Packet first = client.readWithin(AT_ONCE);
            assertThat(first).as("a DISCONNECT before the close").isNotNull();
            assertThat(first.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(first.body()[0] & 0xFF).isEqualTo(0x81);
            assertThat(client.closedWithin(AT_ONCE)).isTrue();
        }
        harness.events.await("disconnected dev-g PROTOCOL_ERROR", Duration.ofSeconds(5));
    }

    @Test
    void mqtt5PropertyRunningPastItsBlockIsMalformed() {
        // The user property's value claims 20 bytes: inside the packet (the payload follows) but past the block.
        Bytes props = new Bytes().u8(0x26).string("k").u16(20).raw(utf8("v"));
        byte[] packet = RawMqttClient.packet(
                0x30,
                new Bytes()
                        .string("devices/dev-g/t")
                        .varint(props.size())
                        .raw(props.toArray())
                        .raw(utf8("a payload of some twenty bytes")));
        mqtt5GetsDisconnectMalformedPacketAndIsClosed("user property past its block", packet);
    }

    static Stream<Arguments> mqtt311() {
        return Stream.of(
                Arguments.of(
                        "PUBLISH topic longer than its packet",
                        RawMqttClient.packet(0x30, new Bytes().u16(500).raw(utf8("devices/dev-g/t")))),
                Arguments.of(
                        "PUBLISH QoS 1 without its packet identifier",
                        RawMqttClient.packet(0x32, new Bytes().string("devices/dev-g/t"))),
                Arguments.of(
                        "SUBSCRIBE filter longer than its packet",
                        RawMqttClient.packet(0x82, new Bytes().u16(1).u16(300).raw(utf8("devices/#")))),
                Arguments.of(
                        "UNSUBSCRIBE filter longer than its packet",
                        RawMqttClient.packet(0xA2, new Bytes().u16(2).u16(40).raw(utf8("devices/#")))));
    }

    @ParameterizedTest(name = "MQTT 3.1.1: {0}")
    @MethodSource("mqtt311")
    void mqtt311IsClosedAtOnce(String name, byte[] packet) {
        try (RawMqttClient client = connected(4)) {
            client.send(packet);
            assertThat(client.readWithin(AT_ONCE)).as("nothing but the close").isNull();
            assertThat(client.closedWithin(AT_ONCE)).isTrue();
        }
        harness.events.await("disconnected dev-g PROTOCOL_ERROR", Duration.ofSeconds(5));
    }

    static Stream<Arguments> connects() {
        return Stream.of(
                Arguments.of(
                        "client ID longer than the packet",
                        RawMqttClient.packet(
                                0x10, connectHeader(4, 0x02).u16(200).raw(utf8("dev-g")))),
                Arguments.of(
                        "CONNECT properties longer than the packet",
                        RawMqttClient.packet(
                                0x10,
                                new Bytes()
                                        .string("MQTT")
                                        .u8(5)
                                        .u8(0x02)
                                        .u16(60)
                                        .varint(100)
                                        .u8(0x11)
                                        .u32(10))),
                Arguments.of(
                        "user property longer than the CONNECT properties",
                        RawMqttClient.packet(
                                0x10,
                                new Bytes()
                                        .string("MQTT")
                                        .u8(5)
                                        .u8(0x02)
                                        .u16(60)
                                        .varint(4)
                                        .u8(0x26)
                                        .u16(1)
                                        .u8('k')
                                        .string("dev-g"))),
                Arguments.of(
                        "will payload longer than the packet",
                        RawMqttClient.packet(
                                0x10,
                                connectHeader(4, 0x06)
                                        .string("dev-g")
                                        .string("devices/dev-g/will")
                                        .u16(1000)
                                        .raw(utf8("bye")))),
                Arguments.of(
                        "user name longer than the packet",
                        RawMqttClient.packet(
                                0x10,
                                connectHeader(4, 0x82).string("dev-g").u16(64).raw(utf8("name")))),
                Arguments.of(
                        "password longer than the packet",
                        RawMqttClient.packet(
                                0x10,
                                connectHeader(4, 0xC2)
                                        .string("dev-g")
                                        .string("name")
                                        .u16(64)
                                        .raw(utf8("secret")))),
                Arguments.of(
                        "protocol name longer than the packet",
                        RawMqttClient.packet(
                                0x10, new Bytes().u16(30).raw(utf8("MQTT")).u8(4))));
    }

    @ParameterizedTest(name = "CONNECT: {0}")
    @MethodSource("connects")
    void malformedConnectIsClosedAtOnce(String name, byte[] packet) {
        try (RawMqttClient client = harness.raw("dev-g")) {
            client.send(packet);
            assertThat(client.closedWithin(AT_ONCE)).isTrue();
        }
    }

    @Test
    void declaredLengthOverTheMaximumIsRefusedBeforeItsBytesArrive() {
        try (RawMqttClient client = connected(4)) {
            // Only the fixed header of a 100 KiB PUBLISH (the harness allows 64 KiB).
            client.send(new Bytes().u8(0x30).varint(100 * 1024).toArray());
            assertThat(client.closedWithin(AT_ONCE)).isTrue();
        }
    }

    @Test
    void wellFormedPacketsStillFlowAfterTheChecks() {
        try (RawMqttClient client = connected(5)) {
            client.send(concat(RawMqttClient.subscribe(1, "devices/dev-g/#", 1, 5), PINGREQ));
            // PINGRESP comes from the I/O thread, SUBACK from the broker thread: in either order.
            assertThat(List.of(client.read().type(), client.read().type()))
                    .containsExactlyInAnyOrder(RawMqttClient.SUBACK, 13);
            Bytes props = new Bytes().u8(0x26).string("k").string("v").u8(0x03).string("text/plain");
            client.send(RawMqttClient.packet(
                    0x32,
                    new Bytes()
                            .string("devices/dev-g/t")
                            .u16(7)
                            .varint(props.size())
                            .raw(props.toArray())
                            .raw(utf8("hello"))));
            // A PUBACK comes (and the delivery to itself, if its policy grants the subscription).
            RawMqttClient.Packet p = client.read();
            if (p.type() == RawMqttClient.PUBLISH) {
                p = client.read();
            }
            assertThat(p.type()).isEqualTo(RawMqttClient.PUBACK);
        }
    }

    private static RawMqttClient connected(int version) {
        RawMqttClient client = harness.raw("dev-g");
        client.send(RawMqttClient.connect("dev-g", version, true, 60, null, null, 0));
        assertThat(client.read().type()).isEqualTo(RawMqttClient.CONNACK);
        harness.events.clear();
        return client;
    }

    private static Bytes connectHeader(int version, int flags) {
        return new Bytes().string("MQTT").u8(version).u8(flags).u16(60);
    }

    /** An MQTT 5 PUBLISH (QoS 0) from {@code start} on: no properties are reached, the topic runs past the end. */
    private static byte[] publish(Bytes start) {
        return RawMqttClient.packet(0x30, start);
    }

    private static Bytes withProperties(Bytes b) {
        return b.varint(0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return new Bytes().raw(a).raw(b).toArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
