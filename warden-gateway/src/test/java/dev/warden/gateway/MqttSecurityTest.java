package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import dev.warden.testkit.TestCa;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Attacks on the TLS layer and on authorization, each with the refusal it must meet. */
@Tag("openssl")
@Tag("mosquitto")
class MqttSecurityTest {
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
    void clientWithoutCertificateIsRefusedDuringTheHandshake() {
        // GIVEN a client that trusts the gateway but presents no certificate
        List<String> cmd = new ArrayList<>(List.of(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(harness.port()),
                "--cafile",
                harness.ca.caFile().toString(),
                "-V",
                "mqttv311",
                "-i",
                "dev-a",
                "-t",
                "devices/dev-a/x",
                "-m",
                "m",
                "-q",
                "1"));
        // WHEN it publishes
        Processes.Result result = harness.run(cmd);
        // THEN the TLS handshake fails and no client connects
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        harness.events.await("tls-failed", Duration.ofSeconds(5));
        assertThat(harness.events.all()).noneMatch(e -> e.startsWith("connected"));
    }

    @Test
    void certificateFromAnUnknownCaIsRefused() {
        // GIVEN a device certificate, CN dev-a, issued by a CA the gateway does not trust
        TestCa.Leaf rogue = harness.rogue.device("dev-a");
        List<String> cmd = List.of(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(harness.port()),
                "--cafile",
                harness.ca.caFile().toString(),
                "--cert",
                harness.rogue.certFile(rogue.name()).toString(),
                "--key",
                harness.rogue.keyFile(rogue.name()).toString(),
                "-V",
                "mqttv5",
                "-i",
                "dev-a",
                "-t",
                "devices/dev-a/x",
                "-m",
                "m",
                "-q",
                "1");
        // WHEN it publishes THEN the handshake fails
        Processes.Result result = harness.run(cmd);
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        harness.events.await("tls-failed", Duration.ofSeconds(5));
        assertThat(harness.events.all()).noneMatch(e -> e.startsWith("connected"));
    }

    @Test
    void tls11IsRefused() {
        TestCa.Leaf device = harness.ca.device("dev-a");
        // SECLEVEL=0 lets this openssl offer TLS 1.1 at all, so that the refusal observed is the gateway's.
        Processes.Result result = harness.run(List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + harness.port(),
                "-tls1_1",
                "-cipher",
                "DEFAULT@SECLEVEL=0",
                "-CAfile",
                harness.ca.caFile().toString(),
                "-cert",
                harness.ca.certFile(device.name()).toString(),
                "-key",
                harness.ca.keyFile(device.name()).toString()));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        // openssl echoes the version it tried; what matters is the alert and that no cipher was agreed.
        assertThat(result.output())
                .contains("alert protocol version")
                .contains("Cipher is (NONE)")
                .doesNotContain("BEGIN CERTIFICATE");
    }

    @Test
    void tls12WithClientCertificateIsAccepted() {
        TestCa.Leaf device = harness.ca.device("dev-a");
        Processes.Result result = harness.run(List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + harness.port(),
                "-tls1_2",
                "-CAfile",
                harness.ca.caFile().toString(),
                "-cert",
                harness.ca.certFile(device.name()).toString(),
                "-key",
                harness.ca.keyFile(device.name()).toString()));
        assertThat(result.output()).contains("Verify return code: 0 (ok)").containsPattern("ECDHE-.*-GCM|CHACHA20");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES128-SHA256"})
    void tls12SuitesWithoutEcdheOrAeadAreRefused(String cipher) {
        TestCa.Leaf device = harness.ca.device("dev-a");
        Processes.Result result = harness.run(List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + harness.port(),
                "-tls1_2",
                "-cipher",
                cipher + "@SECLEVEL=0",
                "-CAfile",
                harness.ca.caFile().toString(),
                "-cert",
                harness.ca.certFile(device.name()).toString(),
                "-key",
                harness.ca.keyFile(device.name()).toString()));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("Cipher is (NONE)");
    }

    @Test
    void mqtt5PublishToAnotherDevicesTopicIsDeniedWithPubAckNotAuthorized() {
        // GIVEN device A WHEN it publishes at QoS 1 to device B's topic
        Processes.Result result = harness.run(harness.mosquitto(
                "mosquitto_pub", "dev-a", "mqttv5", "-t", "devices/dev-b/telemetry", "-m", "spoofed", "-q", "1"));
        // THEN the policy engine denies it and the client is told (PUBACK 0x87)
        harness.events.await(
                "denied dev-a iot:Publish arn:warden:iot:eu-west-1:default:topic/devices/dev-b/telemetry",
                Duration.ofSeconds(5));
        assertThat(result.output()).containsIgnoringCase("not authori");
    }

    @Test
    void mqtt311PublishToAnotherDevicesTopicClosesTheConnection() {
        harness.run(harness.mosquitto(
                "mosquitto_pub", "dev-a", "mqttv311", "-t", "devices/dev-b/telemetry", "-m", "spoofed", "-q", "1"));
        harness.events.await("denied dev-a iot:Publish", Duration.ofSeconds(5));
        harness.events.await("disconnected dev-a NOT_AUTHORIZED", Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void subscribingToEverythingIsDenied(String version) {
        Processes.Result result =
                harness.run(harness.mosquitto("mosquitto_sub", "dev-a", version, "-t", "#", "-C", "1", "-W", "3"));
        harness.events.await(
                "denied dev-a iot:Subscribe arn:warden:iot:eu-west-1:default:topicfilter/#", Duration.ofSeconds(5));
        assertThat(result.output()).containsIgnoringCase("denied");
        assertThat(harness.events.all()).noneMatch(e -> e.startsWith("subscribed"));
    }

    @Test
    void clientIdOfAnotherThingIsRefused() {
        TestCa.Leaf device = harness.ca.device("dev-a");
        List<String> cmd = new ArrayList<>(
                harness.mosquitto("mosquitto_pub", "dev-a", "mqttv5", "-t", "devices/dev-b/x", "-m", "m"));
        cmd.set(cmd.indexOf("dev-a"), "dev-b");
        Processes.Result result = harness.run(cmd);
        assertThat(device).isNotNull();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("not authori");
        harness.events.await("denied dev-b iot:Connect", Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"throw-auth-1", "throw-policy-1"})
    void failingAuthenticatorOrPolicyProviderRefusesTheConnection(String device) {
        // GIVEN a trusted certificate WHEN the authenticator or the policy provider throws THEN CONNECT is refused
        Processes.Result result = harness.run(
                harness.mosquitto("mosquitto_pub", device, "mqttv5", "-t", "devices/" + device + "/x", "-m", "m"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("not authori");
        assertThat(harness.events.all()).noneMatch(e -> e.startsWith("connected"));
    }

    @Test
    void clientIdWithWildcardCharactersIsRefused() {
        List<String> cmd = new ArrayList<>(
                harness.mosquitto("mosquitto_pub", "dev-a", "mqttv311", "-t", "devices/dev-a/x", "-m", "m"));
        cmd.set(cmd.indexOf("dev-a"), "dev-a/#");
        Processes.Result result = harness.run(cmd);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("identifier rejected");
    }
}
