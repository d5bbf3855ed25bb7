package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device its authenticator sends elsewhere: MQTT 5 is told where (CONNACK 0x9C Use Another Server with the Server
 * Reference), MQTT 3.1.1 is refused (0x05), nothing of it stays, the attempt is reported, and no ban follows.
 */
class UseAnotherServerTest {
    @TempDir
    static Path dir;

    static GatewayHarness harness;
    static MemorySessionStore store = new MemorySessionStore();

    @BeforeAll
    static void start() {
        // A ban after two failures from one address: a redirect must not count as one.
        harness = new GatewayHarness(
                dir,
                GatewayLimits.defaults().withConnectTimeout(Duration.ofSeconds(2)),
                GatewayHarness.lenientFirewall()
                        .withBans(
                                new BanPolicy(2, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1))),
                store);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void mqtt5IsToldWhichServerToUseAndNothingOfItStays() throws InterruptedException {
        for (int attempt = 0; attempt < 3; attempt++) {
            // WHEN a device of another server asks for a persistent session
            Mqtt5BlockingClient roamer = client("roamer-1");

            // THEN CONNACK refuses it with Use Another Server, naming where to go, every time (no ban)
            assertThatThrownBy(() -> roamer.connectWith()
                            .cleanStart(false)
                            .sessionExpiryInterval(3600)
                            .send())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
                        Mqtt5ConnAck connAck = e.getMqttMessage();
                        assertThat(connAck.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.USE_ANOTHER_SERVER);
                        assertThat(connAck.getServerReference().map(MqttUtf8String::toString))
                                .contains(GatewayHarness.ROAMERS_HOME);
                    });
        }

        // AND the attempt is reported, and no session of it exists here or in the store
        harness.events.await(
                "redirected roamer-1 WRONG_REGION to " + GatewayHarness.ROAMERS_HOME, Duration.ofSeconds(5));
        assertThat(harness.events.all()).noneMatch(e -> e.startsWith("connected roamer-1"));
        awaitNoConnections();
        assertThat(store.loadAll()).isEmpty();
        assertThat(store.changes).isEmpty();
    }

    @Test
    void mqtt5WithoutAKnownServerIsStillToldToGoElsewhere() {
        assertThatThrownBy(() -> client("roamer-lost-1").connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.USE_ANOTHER_SERVER);
                    assertThat(e.getMqttMessage().getServerReference()).isEqualTo(Optional.empty());
                });
    }

    @Test
    void mqtt311IsRefusedAsNotAuthorizedAndClosed() {
        try (RawMqttClient roamer = harness.raw("roamer-2")) {
            roamer.send(RawMqttClient.connect("roamer-2", 4, true, 60, null, null, 0));
            RawMqttClient.Packet connAck = roamer.read();

            assertThat(connAck.type()).isEqualTo(RawMqttClient.CONNACK);
            assertThat(connAck.body())
                    .as("no session present, 0x05 not authorized")
                    .containsExactly(0, 5);
            assertThat(roamer.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        harness.events.await("redirected roamer-2 WRONG_REGION", Duration.ofSeconds(5));
    }

    /** Every refused connection is closed after its CONNACK (the server's side may take a moment to notice). */
    private static void awaitNoConnections() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (harness.gateway.sessions().connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(harness.gateway.sessions().connectionCount()).isZero();
    }

    private static Mqtt5BlockingClient client(String device) {
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
}
