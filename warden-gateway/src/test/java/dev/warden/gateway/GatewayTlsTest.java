package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTlsTest {
    @TempDir
    Path dir;

    @Test
    void renewedServerCertificateIsUsedForNewConnections() {
        try (GatewayHarness harness = new GatewayHarness(dir)) {
            X509Certificate original = harness.pki.serverCredentials().chain().get(0);
            try (RawMqttClient before = harness.raw("dev-a")) {
                assertThat(before.serverCertificate()).isEqualTo(original);
            }

            ServerCredentials renewed = harness.pki.renewedServerCredentials();
            harness.pki.useServerCredentials(renewed);

            try (RawMqttClient after = harness.raw("dev-a")) {
                assertThat(after.serverCertificate())
                        .isEqualTo(renewed.chain().get(0))
                        .isNotEqualTo(original);
            }
        }
    }

    @Test
    void equalCredentialsReuseTheContext() {
        // GIVEN a supplier that hands out a new but equal object for every connection (e.g. parsed from files)
        TestDevices pki = new TestDevices(dir);
        ServerCredentials fixed = pki.serverCredentials();
        GatewayTls tls =
                GatewayTls.create(() -> new ServerCredentials(fixed.privateKey(), fixed.chain()), pki.trustManager());

        // THEN every connection gets the same context, not a rebuilt one
        assertThat(tls.context()).isSameAs(tls.context());
    }

    @Test
    void unusableCredentialsFailAtCreation() {
        TestDevices pki = new TestDevices(dir);
        ServerCredentials good = pki.serverCredentials();
        ServerCredentials mismatched = new ServerCredentials(
                pki.renewedServerCredentials().privateKey(),
                List.of(good.chain().get(0)));
        assertThatThrownBy(() -> GatewayTls.create(() -> mismatched, pki.trustManager()))
                .isInstanceOf(GatewayTlsException.class);
    }

    @Test
    void credentialsNeverShowTheKey() {
        TestDevices pki = new TestDevices(dir);
        assertThat(pki.serverCredentials().toString())
                .contains("CN=localhost")
                .doesNotContain("PRIVATE")
                .doesNotContain(pki.serverCredentials().privateKey().toString());
    }
}
