package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.TestCa;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: provision over HTTPS, connect to a real gateway, rotate only once the new certificate connects. */
class ProvisionAndConnectTest {
    @TempDir
    Path dir;

    @Test
    void provisionedCredentialsConnectAndRotationIsCommittedOnlyAfterTheNewCertificateConnects() {
        TestCa ca = TestCa.create("trusted");
        try (TestGateway gateway = new TestGateway(ca);
                FakeNode node = new FakeNode(ca, TestCredentials.server(ca.server()))) {
            node.tokens.add("wdn_enroll_e2e");
            Provisioner provisioner = Provisioner.create(node.uri(), ca.root());
            CredentialStore store = CredentialStore.open(dir, "sensor-e2e");

            store.save(provisioner.provision(
                    "sensors", "sensor-e2e", ProvisioningClaim.token("wdn_enroll_e2e"), Map.of()));
            DeviceCredentials first = store.load();
            try (DeviceClient client = DeviceClient.connect(first, gateway.clientConfig())) {
                client.publishTelemetry(new byte[] {1}, Qos.AT_LEAST_ONCE).join();
            }

            Provisioner later =
                    provisioner.withClock(Clock.fixed(first.notAfter().minus(Duration.ofMinutes(5)), ZoneOffset.UTC));
            Provisioner.RotationResult result = later.rotateIfDue(
                    store, RotationPolicy.defaults(), Provisioner.CredentialCheck.connectsTo(gateway.clientConfig()));

            assertThat(result.rotated()).isTrue();
            DeviceCredentials second = store.load();
            assertThat(second.serialHex()).isNotEqualTo(first.serialHex());
            assertThat(store.previous().serialHex()).isEqualTo(first.serialHex());
            try (DeviceClient client = DeviceClient.connect(second, gateway.clientConfig())) {
                client.publishTelemetry(new byte[] {2}, Qos.AT_LEAST_ONCE).join();
            }
        }
    }
}
