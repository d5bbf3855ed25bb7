package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client IDs are decided by the thing's policies (iot:Connect on {@code client/<clientId>}), as in AWS IoT: the
 * built-in device policy allows only the thing name, others may allow more; an empty client ID is assigned the
 * thing name; a second connection with a client ID takes it over, and that is reported.
 */
class ClientIdPolicyTest {
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

    /** A HiveMQ MQTT 5 client with {@code thing}'s certificate; {@code clientId} null sends an empty one. */
    static Mqtt5ClientBuilder builder(String thing, String clientId) {
        Mqtt5ClientBuilder b = MqttClient.builder()
                .useMqttVersion5()
                .serverHost("127.0.0.1")
                .serverPort(harness.port())
                .sslConfig()
                .keyManagerFactory(harness.ca.device(thing).keyManagerFactory())
                .trustManagerFactory(harness.ca.trustManagerFactory())
                .applySslConfig();
        return clientId == null ? b : b.identifier(clientId);
    }

    static Mqtt5BlockingClient client(String thing, String clientId) {
        return builder(thing, clientId).buildBlocking();
    }

    @Test
    void aPolicyAllowingEveryClientIdLetsTheThingConnectWithAnyClientId() {
        // GIVEN rig-1, whose policies allow client/* besides the built-in device policy
        Mqtt5BlockingClient rig = client("rig-1", "bench-station-7");
        // WHEN it connects with a client ID that is not its thing name THEN it is accepted
        rig.connect();
        try {
            harness.events.await("connected bench-station-7", Duration.ofSeconds(5));
            // AND its topics are still its thing's, not its client ID's
            rig.publishWith()
                    .topic("devices/rig-1/x")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1})
                    .send();
        } finally {
            rig.disconnect();
        }
    }

    @Test
    void theBuiltInPolicyRefusesAForeignClientIdAsBefore() {
        // GIVEN dev-a with only the built-in device policy (client/${iot:Connection.Thing.ThingName})
        for (String foreign : new String[] {"dev-b", "dev-a-2", "bench-station-7"}) {
            // WHEN it connects with another client ID THEN CONNACK is Not authorized and the denial is reported
            assertThatThrownBy(() -> client("dev-a", foreign).connect())
                    .isInstanceOfSatisfying(
                            Mqtt5ConnAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode())
                                    .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
            harness.events.await(
                    "denied " + foreign + " iot:Connect arn:warden:iot:eu-west-1:default:client/" + foreign,
                    Duration.ofSeconds(5));
        }
        assertThat(harness.events.all()).noneMatch(e -> e.startsWith("connected"));
    }

    @Test
    void aPolicyMayAllowClientIdsDerivedFromTheThingName() {
        // GIVEN multi-1, allowed client/${iot:Connection.Thing.ThingName}-* besides the built-in policy
        Mqtt5BlockingClient first = client("multi-1", "multi-1-sensor");
        Mqtt5BlockingClient second = client("multi-1", "multi-1-actuator");
        first.connect();
        second.connect();
        first.disconnect();
        second.disconnect();
        // AND nothing beyond that
        assertThatThrownBy(() -> client("multi-1", "multi-2-sensor").connect())
                .isInstanceOf(Mqtt5ConnAckException.class);
    }

    @Test
    void anEmptyClientIdIsAssignedTheThingNameOnMqtt5() {
        Mqtt5BlockingClient device = client("dev-a", null);
        Mqtt5ConnAck connAck = device.connect();
        try {
            assertThat(connAck.getAssignedClientIdentifier())
                    .hasValueSatisfying(id -> assertThat(id.toString()).isEqualTo("dev-a"));
            harness.events.await("connected dev-a MQTT 5", Duration.ofSeconds(5));
            device.publishWith()
                    .topic("devices/dev-a/x")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1})
                    .send();
        } finally {
            device.disconnect();
        }
    }

    @Test
    void anEmptyClientIdIsAssignedTheThingNameOnMqtt311WithACleanSessionOnly() {
        try (RawMqttClient clean = harness.raw("dev-a")) {
            clean.send(RawMqttClient.connect("", 4, true, 60, null, null, 0));
            RawMqttClient.Packet connAck = clean.read();
            assertThat(connAck.type()).isEqualTo(RawMqttClient.CONNACK);
            assertThat(connAck.body()[1]).isZero();
            harness.events.await("connected dev-a MQTT 3.1.1", Duration.ofSeconds(5));
        }
        try (RawMqttClient persistent = harness.raw("dev-a")) {
            persistent.send(RawMqttClient.connect("", 4, false, 60, null, null, 0));
            RawMqttClient.Packet connAck = persistent.read();
            assertThat(connAck.type()).isEqualTo(RawMqttClient.CONNACK);
            assertThat(connAck.body()[1]).as("identifier rejected").isEqualTo((byte) 2);
        }
    }

    @Test
    void aSecondConnectionTakesTheClientIdOverAndIsReported() throws Exception {
        // GIVEN rig-1 connected as "shared-id", with a persistent session and a subscription
        CompletableFuture<Mqtt5DisconnectReasonCode> kicked = new CompletableFuture<>();
        Mqtt5BlockingClient older = builder("rig-1", "shared-id")
                .addDisconnectedListener(ctx -> {
                    if (ctx.getCause() instanceof Mqtt5DisconnectException d) {
                        kicked.complete(d.getMqttMessage().getReasonCode());
                    }
                })
                .buildBlocking();
        older.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        older.subscribeWith().topicFilter("devices/rig-1/#").send();
        // WHEN rig-2 (another thing, also allowed client/*) connects with the same client ID, asking to resume
        Mqtt5BlockingClient newer = client("rig-2", "shared-id");
        Mqtt5ConnAck connAck =
                newer.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        try {
            // THEN the older connection is told its session was taken over
            assertThat(kicked.get(5, TimeUnit.SECONDS)).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
            // AND the newer one does not get rig-1's session (subscriptions, held messages)
            assertThat(connAck.isSessionPresent()).isFalse();
            // AND the take-over is reported with both things, both serials and both addresses
            String serial1 = harness.ca.device("rig-1").serialHex();
            String serial2 = harness.ca.device("rig-2").serialHex();
            harness.events.await(
                    "taken-over shared-id from rig-1 " + serial1 + " 127.0.0.1 by rig-2 " + serial2 + " 127.0.0.1",
                    Duration.ofSeconds(5));
            harness.events.await("disconnected shared-id SESSION_TAKEN_OVER", Duration.ofSeconds(5));
        } finally {
            newer.disconnect();
        }
    }

    @Test
    void oneThingReconnectingResumesItsOwnSession() {
        Mqtt5BlockingClient first = client("rig-3", "rig-3-station");
        first.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        first.subscribeWith().topicFilter("devices/rig-3/#").send();
        Mqtt5BlockingClient second = client("rig-3", "rig-3-station");
        Mqtt5ConnAck connAck = second.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(300)
                .send();
        try {
            assertThat(connAck.isSessionPresent()).isTrue();
            harness.events.await("taken-over rig-3-station from rig-3", Duration.ofSeconds(5));
        } finally {
            second.disconnectWith().sessionExpiryInterval(0).send();
        }
    }
}
