package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testkit.TestCa;
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
            X509Certificate original = harness.serverCredentials().chain().get(0);
            try (RawMqttClient before = harness.raw("dev-a")) {
                assertThat(before.serverCertificate()).isEqualTo(original);
            }

            ServerCredentials renewed = GatewayHarness.serverCredentials(harness.ca.server());
            harness.useServerCredentials(renewed);

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
        TestCa ca = TestCa.create("trusted");
        ServerCredentials fixed = GatewayHarness.serverCredentials(ca.server());
        GatewayTls tls =
                GatewayTls.create(() -> new ServerCredentials(fixed.privateKey(), fixed.chain()), ca.trustManager());

        // THEN every connection gets the same context, not a rebuilt one
        assertThat(tls.context()).isSameAs(tls.context());
    }

    @Test
    void unusableCredentialsFailAtCreation() {
        TestCa ca = TestCa.create("trusted");
        ServerCredentials good = GatewayHarness.serverCredentials(ca.server());
        ServerCredentials mismatched = new ServerCredentials(
                ca.server().privateKey(), List.of(good.chain().get(0)));
        assertThatThrownBy(() -> GatewayTls.create(() -> mismatched, ca.trustManager()))
                .isInstanceOf(GatewayTlsException.class);
    }

    @Test
    void credentialsNeverShowTheKey() {
        ServerCredentials credentials =
                GatewayHarness.serverCredentials(TestCa.create("trusted").server());
        assertThat(credentials.toString())
                .contains("CN=localhost")
                .doesNotContain("PRIVATE")
                .doesNotContain(credentials.privateKey().toString());
    }
}
