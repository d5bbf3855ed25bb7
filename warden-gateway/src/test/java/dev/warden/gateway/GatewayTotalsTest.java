package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway-wide totals that metrics report: connections, messages and bytes each way, denials, failures. */
class GatewayTotalsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void totalsCountWhatTheGatewayCarriedAndRefused() throws Exception {
        try (GatewayHarness h = new GatewayHarness(dir)) {
            assertThat(h.gateway.totals()).isEqualTo(new GatewayTotals(0, 0, 0, 0, 0, 0, 0, 0, 0));
            // GIVEN a reader subscribed to every device topic and a device connected
            try (RawMqttClient reader = connected(h, "reader-1");
                    RawMqttClient device = connected(h, "dev-1")) {
                reader.send(RawMqttClient.subscribe(1, "devices/#", 0, 5));
                assertThat(reader.read().type()).isEqualTo(RawMqttClient.SUBACK);
                assertThat(h.gateway.totals().connected()).isEqualTo(2);
                // WHEN the device publishes three allowed messages of 5 bytes and one on a topic it may not use
                for (int i = 1; i <= 3; i++) {
                    device.send(RawMqttClient.publish("devices/dev-1/data", "hello", 1, i, 5));
                    assertThat(device.read().type()).isEqualTo(RawMqttClient.PUBACK);
                    assertThat(reader.read().type()).isEqualTo(RawMqttClient.PUBLISH);
                }
                device.send(RawMqttClient.publish("devices/dev-2/data", "nope", 1, 4, 5));
                RawMqttClient.Packet refused = device.read();
                assertThat(refused.type()).isEqualTo(RawMqttClient.PUBACK);
                // AND a client sends bytes that are not TLS
                notTls(h.port());
                h.events.await("tls-failed", WAIT);
                device.send(RawMqttClient.disconnect());
                h.events.await("disconnected dev-1", WAIT);

                // THEN the totals say so
                GatewayTotals totals = h.gateway.totals();
                assertThat(totals.connectionsAccepted()).isEqualTo(2);
                assertThat(totals.connectionsClosed()).isEqualTo(1);
                assertThat(totals.connected()).isEqualTo(1);
                assertThat(totals.messagesIn())
                        .as("denied publishes came in too")
                        .isEqualTo(4);
                assertThat(totals.payloadBytesIn()).isEqualTo(3 * 5 + 4);
                assertThat(totals.messagesOut()).isEqualTo(3);
                assertThat(totals.payloadBytesOut()).isEqualTo(3 * 5);
                assertThat(totals.authorizationDenials()).isEqualTo(1);
                assertThat(totals.tlsHandshakeFailures()).isEqualTo(1);
                assertThat(totals.authenticationFailures()).isZero();
            }
        }
    }

    private static RawMqttClient connected(GatewayHarness h, String device) {
        RawMqttClient client = h.raw(device);
        client.send(RawMqttClient.connect(device, 5, true, 60, null, null, 0));
        RawMqttClient.Packet connack = client.read();
        assertThat(connack.type()).isEqualTo(RawMqttClient.CONNACK);
        assertThat(connack.body()[1]).as("CONNACK reason code").isZero();
        return client;
    }

    private static void notTls(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(2_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            try {
                s.getInputStream().read();
            } catch (IOException closed) {
                // the gateway closes (or resets) the connection: expected
            }
        }
    }
}
