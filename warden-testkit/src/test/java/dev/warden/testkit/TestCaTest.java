package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCaTest {
    @TempDir
    Path dir;

    @Test
    @Tag("openssl")
    void opensslAcceptsTheDeviceForClientAuthAndTheServerForServerAuthOnly() throws Exception {
        // GIVEN a CA writing into dir, a device and a server certificate
        TestCa ca = TestCa.create("trusted", dir);
        ca.device("dev-1");
        ca.server().writeTo(dir, "server");
        Files.writeString(dir.resolve("issuing.pem"), TestCa.pem(List.of(ca.issuing())));

        // THEN openssl, a verifier Warden did not write, accepts each leaf for its own purpose and not the other's
        assertThat(verify("sslclient", "dev-1.crt")).contains("dev-1.crt: OK");
        assertThat(verify("sslserver", "server.crt")).contains("server.crt: OK");
        assertThat(verify("sslserver", "dev-1.crt")).doesNotContain("OK");
        assertThat(verify("sslclient", "server.crt")).doesNotContain("OK");
        assertThat(Processes.run(
                                dir,
                                List.of("openssl", "x509", "-in", "server.crt", "-noout", "-ext", "subjectAltName"))
                        .output())
                .contains("DNS:localhost", "IP Address:127.0.0.1");
        assertThat(Processes.run(dir, List.of("openssl", "pkey", "-in", "dev-1.key", "-noout"))
                        .exitCode())
                .isZero();
    }

    @Test
    void theTrustManagerAcceptsItsOwnDevicesAndRefusesAnotherCas() throws Exception {
        TestCa ca = TestCa.create("trusted");
        TestCa rogue = TestCa.create("rogue");
        X509Certificate[] own = ca.device("dev-1").chain().toArray(X509Certificate[]::new);
        X509Certificate[] foreign = rogue.device("dev-1").chain().toArray(X509Certificate[]::new);

        ca.trustManager().checkClientTrusted(own, "EC");
        assertThatThrownBy(() -> ca.trustManager().checkClientTrusted(foreign, "EC"))
                .isInstanceOf(CertificateException.class);
        assertThat(ca.device("dev-1").certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=dev-1");
        assertThat(ca.device("dev-1")).as("issued once per name").isSameAs(ca.device("dev-1"));
        assertThat(ca.newDevice("dev-1", java.time.Duration.ofDays(1)).serialHex())
                .isNotEqualTo(ca.device("dev-1").serialHex());
    }

    private String verify(String purpose, String file) {
        return Processes.run(
                        dir,
                        List.of(
                                "openssl",
                                "verify",
                                "-purpose",
                                purpose,
                                "-CAfile",
                                "ca.pem",
                                "-untrusted",
                                "issuing.pem",
                                file))
                .output();
    }
}
