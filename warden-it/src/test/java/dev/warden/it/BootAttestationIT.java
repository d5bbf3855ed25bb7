package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.DeviceException;
import dev.warden.device.Qos;
import dev.warden.device.firmware.BootAttestor;
import dev.warden.firmware.PublishRequest;
import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.mitigation.MitigationRequest;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.IssuedCertificate;
import dev.warden.testkit.SoftHsm2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot attestation against a real node, with the SDK's {@link BootAttestor}: the released image is verified and shown
 * by {@code warden device attestation}; an image no release has is refused as UNKNOWN_IMAGE, raises the built-in
 * {@code attestation-failure} alarm and quarantines the thing; a report sent again (its nonce spent) is refused as
 * NONCE_REUSED; compliance lists the thing as running unreleased firmware; a device whose key lives in a PKCS#11 token
 * (SoftHSM2) enrolls, connects over mTLS, publishes and attests with it; a quarantined device can still attest a good
 * boot, which is verified but does not release it; every verdict is in the audit trail, never the token.
 */
class BootAttestationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aReleasedBootIsVerifiedAndAnUnknownImageIsAnAlarmThatQuarantines() throws Exception {
        try (NodeHarness node = new NodeHarness(dir.resolve("data"), null)) {
            // GIVEN release 2.4.0 of the sensor type, and two sensors running the SDK
            String sha = node.node
                    .firmware()
                    .publish(new PublishRequest("sensor", "2.4.0", null, null, image("2.4.0")), "test")
                    .sha256();
            X509Certificate root = Pem.parseCertificate(Files.readString(node.dataDir.resolve("pki/root.crt")));
            DeviceCredentials one = enroll(node, "sensor-1");
            DeviceCredentials two = enroll(node, "sensor-2");
            try (DeviceClient c1 = connect(node, one, root);
                    DeviceClient c2 = connect(node, two, root)) {
                BootAttestor sensor1 = new BootAttestor(c1, one.privateKey(), Duration.ofSeconds(10)).start();
                BootAttestor sensor2 = new BootAttestor(c2, two.privateKey(), Duration.ofSeconds(10)).start();

                // WHEN sensor-1 reports the released image after its boot
                BootAttestor.Verdict booted = sensor1.attest("sensor", "2.4.0", sha);
                // THEN it is verified, and the CLI shows the verified boot
                assertThat(booted.verified()).as(booted.message()).isTrue();
                assertThat(booted.code()).isEqualTo("OK");
                JsonNode shown = JSON.readTree(ok(node.cli("device", "attestation", "sensor-1", "--json"))
                        .out());
                assertThat(shown.path("lastVerified").path("version").asText()).isEqualTo("2.4.0");
                assertThat(shown.path("lastVerified").path("digest").asText()).isEqualTo(sha);
                assertThat(ok(node.cli("device", "attestation", "sensor-1")).out())
                        .contains("verified boot")
                        .contains("version=2.4.0")
                        .contains(sha);

                // WHEN sensor-2 sends a verified report a second time (a replay: its nonce is spent)
                String token = sensor2.sign(sensor2.nonce(), "sensor", "2.4.0", sha);
                assertThat(sensor2.report(token).verified()).isTrue();
                BootAttestor.Verdict replayed = sensor2.report(token);
                // THEN it is refused
                assertThat(replayed.verified()).isFalse();
                assertThat(replayed.code()).isEqualTo("NONCE_REUSED");

                // WHEN sensor-1 reports an image that no release has (same version, other bytes)
                BootAttestor.Verdict unknown = sensor1.attest("sensor", "2.4.0", "0".repeat(64));
                // THEN it is refused, the CLI shows the failed report beside the last verified boot
                assertThat(unknown.verified()).isFalse();
                assertThat(unknown.code()).isEqualTo("UNKNOWN_IMAGE");
                assertThat(ok(node.cli("device", "attestation", "sensor-1")).out())
                        .contains("version=2.4.0")
                        .contains("FAILED UNKNOWN_IMAGE");

                // AND the attestation-failure alarm is raised on the thing, which is quarantined automatically
                Waits.until(
                        "the attestation-failure alarm",
                        Duration.ofSeconds(15),
                        () -> alarms(node, "sensor-1").size() == 1);
                Waits.until(
                        "sensor-1 is quarantined",
                        Duration.ofSeconds(15),
                        () -> ok(node.cli("monitor", "mitigations", "--json"))
                                .out()
                                .replaceAll("\\s", "")
                                .matches("(?s).*\"action\":\"quarantine\",[^}]*\"target\":\"thing/sensor-1\".*"));
                assertThat(alarms(node, "sensor-2")).hasSize(1);

                // AND compliance lists sensor-1 as running firmware that no release has, and not sensor-2
                ok(node.cli("compliance", "run", "--check", "FIRMWARE_UNRELEASED_OR_REVOKED"));
                String findings =
                        ok(node.cli("compliance", "findings", "--json")).out();
                assertThat(findings)
                        .contains("FIRMWARE_UNRELEASED_OR_REVOKED")
                        .contains("thing/sensor-1")
                        .contains("UNRELEASED_FIRMWARE")
                        .doesNotContain("thing/sensor-2");

                // AND a device whose key lives in a PKCS#11 token enrolls, connects, publishes and attests with it
                aDeviceWithItsKeyInATokenEnrollsConnectsAndAttests(node, sha);
                // AND a quarantined device can still attest its boot, which does not release it
                aQuarantinedDeviceCanAttestButStaysQuarantined(node, sha, root);

                // AND every verdict is in the trail, by the thing, without the token
                node.node.audit().log().flushAndSign();
                String trail = ok(node.cli("audit", "query", "--json", "--limit", "1000"))
                        .out();
                assertThat(trail).contains("iot:AttestBoot", "UNKNOWN_IMAGE", "NONCE_REUSED");
                assertThat(trail).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
            }
        }
    }

    private void aDeviceWithItsKeyInATokenEnrollsConnectsAndAttests(NodeHarness node, String sha) throws Exception {
        // GIVEN a provisioning template for sensors and an enrollment token, and a SoftHSM2 token on the device
        SoftHsm2.requireInstalled();
        ok(node.cli("template", "create", "sensors", "--pattern", "sensor-*", "--type", "sensor"));
        String enrollment = ok(node.cli("claim", "create", "line-1", "--template", "sensors", "--token"))
                .out()
                .trim();
        // WHEN the device (its own JVM, on JDK TLS) provisions with its key made in the token, connects, publishes
        // and attests its boot
        NodeHarness.CliResult device = TokenDevice.run(
                dir,
                List.of(
                        "https://localhost:" + node.node.adminPort(),
                        node.dataDir.resolve("pki/root.crt").toString(),
                        "sensors",
                        enrollment,
                        String.valueOf(node.node.mqttPort()),
                        "sensor-hsm",
                        SoftHsm2.jvmToken().uri(),
                        "sensor",
                        "2.4.0",
                        sha));
        // THEN every step succeeds with the token's key, which the device process could never read
        assertThat(device.exitCode()).as(device.out()).isZero();
        assertThat(device.out())
                .contains("RESULT encoded=none")
                .containsPattern("RESULT key=.*token object.*, sensitive, unextractable")
                .contains("RESULT published=true")
                .contains("RESULT attested=OK");
        // AND the node saw the thing connect with the certificate the token's key was certified in, and verified its
        // boot
        String serial = device.out().replaceAll("(?s).*RESULT serial=([0-9a-f]+).*", "$1");
        assertThat(ok(node.cli("device", "show", "sensor-hsm")).out()).contains(serial);
        assertThat(JSON.readTree(ok(node.cli("device", "attestation", "sensor-hsm", "--json"))
                                .out())
                        .path("lastVerified")
                        .path("digest")
                        .asText())
                .isEqualTo(sha);
    }

    private static void aQuarantinedDeviceCanAttestButStaysQuarantined(
            NodeHarness node, String sha, X509Certificate root) {
        DeviceCredentials credentials = enroll(node, "sensor-q");
        try (DeviceClient client = connect(node, credentials, root)) {
            BootAttestor attestor = new BootAttestor(client, credentials.privateKey(), Duration.ofSeconds(10)).start();
            // GIVEN sensor-q quarantined by an operator's mitigation (reflashed, it must prove a good boot)
            node.node.mitigator().run(quarantine("sensor-q"));
            assertThatThrownBy(() -> client.publishTelemetry(new byte[] {1}, Qos.AT_LEAST_ONCE)
                            .join())
                    .as("quarantined: its telemetry is refused")
                    .hasCauseInstanceOf(DeviceException.class);
            // WHEN it attests the released image
            BootAttestor.Verdict verdict = attestor.attest("sensor", "2.4.0", sha);
            // THEN its attestation topics are open: the boot is verified, and shown
            assertThat(verdict.verified()).as(verdict.message()).isTrue();
            assertThat(ok(node.cli("device", "attestation", "sensor-q")).out())
                    .contains("verified boot")
                    .doesNotContain("FAILED");
            // AND it is still quarantined: its telemetry stays refused until an operator releases it
            assertThatThrownBy(() -> client.publishTelemetry(new byte[] {2}, Qos.AT_LEAST_ONCE)
                            .join())
                    .hasCauseInstanceOf(DeviceException.class);
            assertThat(node.node.mitigator().release("sensor-q")).isTrue();
            client.publishTelemetry(new byte[] {3}, Qos.AT_LEAST_ONCE).join();
        }
    }

    /** What an operator's quarantine of {@code thing} is (an alarm's target, mitigated by hand). */
    private static MitigationRequest quarantine(String thing) {
        return new MitigationRequest(
                901,
                new AlarmKey("warden-baseline", "attestation-failure", TargetKey.thing(thing)),
                MitigationAction.QUARANTINE,
                false,
                "operator",
                "reflashed after an attestation failure",
                Optional.empty(),
                Optional.empty());
    }

    private static List<JsonNode> alarms(NodeHarness node, String thing) {
        try {
            JsonNode answer = JSON.readTree(ok(node.cli(
                                    "monitor",
                                    "alarms",
                                    "--thing",
                                    thing,
                                    "--behaviour",
                                    "attestation-failure",
                                    "--json"))
                            .out())
                    .path("alarms");
            return java.util.stream.StreamSupport.stream(answer.spliterator(), false)
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DeviceClient connect(NodeHarness node, DeviceCredentials credentials, X509Certificate root) {
        return DeviceClient.connect(
                credentials,
                DeviceClientConfig.of("localhost", node.node.mqttPort()).withDeploymentRoots(List.of(root)));
    }

    private static DeviceCredentials enroll(NodeHarness node, String thing) {
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        IssuedCertificate issued =
                node.node.certificates().enroll(thing, CsrBuilder.buildCsrDer(key, thing), "sensor", Map.of(), null);
        return new DeviceCredentials(
                thing, key.getPrivate(), issued.certificate(), Pem.parseCertificates(issued.chainPem()));
    }

    private static byte[] image(String version) {
        byte[] bytes = new byte[16 * 1024];
        Arrays.fill(bytes, (byte) 7);
        byte[] label = ("firmware " + version).getBytes();
        System.arraycopy(label, 0, bytes, 0, label.length);
        return bytes;
    }
}
