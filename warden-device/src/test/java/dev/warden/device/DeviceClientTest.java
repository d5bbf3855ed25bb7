package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** DeviceClient against a real Warden gateway, with certificates from a throwaway CA ({@link TestCa}). */
class DeviceClientTest {
    static TestCa ca;
    /** A CA the gateway does not trust. */
    static TestCa rogue;

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        ca = TestCa.create("trusted");
        rogue = TestCa.create("rogue");
        gateway = new TestGateway(ca);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @EnumSource(MqttProtocol.class)
    void publishesQos1TelemetryThatASubscriberReceives(MqttProtocol protocol) throws InterruptedException {
        DeviceClientConfig config = gateway.clientConfig().withProtocol(protocol);
        BlockingQueue<DeviceMessage> received = new LinkedBlockingQueue<>();
        try (DeviceClient reader =
                        DeviceClient.connect(TestCredentials.device(ca.device("reader-" + protocol)), config);
                DeviceClient device =
                        DeviceClient.connect(TestCredentials.device(ca.device("sensor-" + protocol)), config)) {
            reader.subscribe("devices/sensor-" + protocol + "/telemetry", Qos.AT_LEAST_ONCE, received::add)
                    .join();

            device.publishTelemetry("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .join();

            DeviceMessage message = received.poll(5, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(message.topic())
                    .isEqualTo(device.telemetryTopic())
                    .isEqualTo("devices/sensor-" + protocol + "/telemetry");
            assertThat(message.payloadAsUtf8()).isEqualTo("{\"t\":21.5}");
            assertThat(message.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        }
    }

    @Test
    void subscribesToItsOwnTopicsWithQos0AndQos1() throws InterruptedException {
        BlockingQueue<DeviceMessage> received = new LinkedBlockingQueue<>();
        try (DeviceClient device =
                DeviceClient.connect(TestCredentials.device(ca.device("own-topics")), gateway.clientConfig())) {
            device.subscribe(device.topic("commands"), Qos.AT_LEAST_ONCE, received::add)
                    .join();

            device.publish(device.topic("commands"), new byte[] {1}, Qos.AT_MOST_ONCE)
                    .join();
            device.publish(device.topic("commands"), new byte[] {2}, Qos.AT_LEAST_ONCE)
                    .join();

            assertThat(received.poll(5, TimeUnit.SECONDS).payload()).containsExactly(1);
            assertThat(received.poll(5, TimeUnit.SECONDS).payload()).containsExactly(2);
        }
    }

    @ParameterizedTest
    @EnumSource(MqttProtocol.class)
    void revokedCertificateIsRefusedWithNotAuthorized(MqttProtocol protocol) {
        // GIVEN a device whose certificate the gateway's authenticator rejects (revoked)
        DeviceCredentials revoked =
                TestCredentials.device(ca.newDevice("revoked-" + protocol, java.time.Duration.ofDays(1)));
        gateway.revoke(revoked);

        // WHEN it connects THEN the CONNACK refusal surfaces as NOT_AUTHORIZED
        assertThatThrownBy(() ->
                        DeviceClient.connect(revoked, gateway.clientConfig().withProtocol(protocol)))
                .isInstanceOfSatisfying(
                        DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.NOT_AUTHORIZED));
    }

    @Test
    void publishToAnotherDevicesTopicIsNotAuthorized() {
        try (DeviceClient device =
                DeviceClient.connect(TestCredentials.device(ca.device("nosy")), gateway.clientConfig())) {
            // GIVEN the default device policy WHEN a device publishes as another device THEN PUBACK 0x87
            assertThatThrownBy(() -> device.publish("devices/victim/telemetry", new byte[] {1}, Qos.AT_LEAST_ONCE)
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            DeviceException.class,
                            e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.NOT_AUTHORIZED));
            // and the connection stays usable
            device.publishTelemetry(new byte[] {2}, Qos.AT_LEAST_ONCE).join();
        }
    }

    @Test
    void subscriptionOutsideTheDevicesTopicsIsNotAuthorized() {
        try (DeviceClient device =
                DeviceClient.connect(TestCredentials.device(ca.device("wildcard")), gateway.clientConfig())) {
            assertThatThrownBy(() -> device.subscribe("devices/#", Qos.AT_LEAST_ONCE, m -> {})
                            .join())
                    .cause()
                    .isInstanceOfSatisfying(
                            DeviceException.class,
                            e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.NOT_AUTHORIZED));
        }
    }

    @Test
    void deviceCertificateFromAnotherCaFailsTls() {
        // GIVEN a device certificate from a CA the gateway does not trust (the device itself trusts the right root)
        DeviceCredentials rogueDevice = TestCredentials.device(rogue.device("rogue-1"));
        DeviceClientConfig config = gateway.clientConfig().withTrustedRoot(ca.root());

        assertThatThrownBy(() -> DeviceClient.connect(rogueDevice, config))
                .isInstanceOfSatisfying(
                        DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.TLS_FAILED));
    }

    @Test
    void gatewayNotSignedByThePinnedRootIsRefused() {
        // GIVEN a device that pins another root than the one the gateway's certificate chains to
        DeviceClientConfig config = gateway.clientConfig().withTrustedRoot(rogue.root());

        assertThatThrownBy(() -> DeviceClient.connect(TestCredentials.device(ca.device("pinned")), config))
                .isInstanceOfSatisfying(
                        DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.TLS_FAILED));
    }

    @Test
    void gatewayCertificateForAnotherHostNameIsRefused() {
        // GIVEN a gateway whose certificate chains to the pinned root but names another host
        try (TestGateway impostor =
                new TestGateway(ca, TestCredentials.server(ca.server("other.example", List.of())))) {
            assertThatThrownBy(() ->
                            DeviceClient.connect(TestCredentials.device(ca.device("careful")), impostor.clientConfig()))
                    .isInstanceOfSatisfying(
                            DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.TLS_FAILED));
        }
    }

    @Test
    void closeIsCleanAndIdempotent() {
        DeviceClient device = DeviceClient.connect(TestCredentials.device(ca.device("closer")), gateway.clientConfig());
        assertThat(device.isConnected()).isTrue();

        device.close();
        device.close();

        assertThat(device.isConnected()).isFalse();
        assertThatThrownBy(() -> device.publishTelemetry(new byte[] {1}, Qos.AT_LEAST_ONCE)
                        .join())
                .cause()
                .isInstanceOfSatisfying(
                        DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.CLOSED));
    }

    @Test
    void unreachableGatewayIsAConnectionFailure() {
        DeviceClientConfig config = DeviceClientConfig.of("127.0.0.1", dev.warden.testkit.FreePorts.next());

        assertThatThrownBy(() -> DeviceClient.connect(TestCredentials.device(ca.device("lonely")), config))
                .isInstanceOfSatisfying(
                        DeviceException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.CONNECTION_FAILED));
    }
}
