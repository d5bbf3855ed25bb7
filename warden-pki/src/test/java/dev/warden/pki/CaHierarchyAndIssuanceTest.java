package dev.warden.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("openssl")
class CaHierarchyAndIssuanceTest {
    static CaHierarchy hierarchy;
    static CertificateIssuer issuer;

    @BeforeAll
    static void createHierarchy() {
        hierarchy = TestPki.hierarchy();
        issuer = TestPki.issuer(hierarchy);
    }

    @Test
    void opensslVerifiesDeviceCertificateAgainstRootAndShowsExtensions(@TempDir Path dir) {
        TestPki.writeChain(dir, hierarchy);
        X509Certificate device = TestPki.device(issuer, "device-0001");
        TestPki.write(dir.resolve("device.pem"), Pem.encode(device));

        String verify = TestPki.opensslOk(
                dir,
                "verify",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "-purpose",
                "sslclient",
                "device.pem");
        assertThat(verify).contains("device.pem: OK");

        String text = TestPki.opensslOk(dir, "x509", "-in", "device.pem", "-noout", "-text");
        assertThat(text)
                .contains("URI:urn:warden:device:device-0001")
                .contains("TLS Web Client Authentication")
                .contains("X509v3 CRL Distribution Points")
                .contains("URI:" + TestPki.CRL_URL)
                .contains("OCSP - URI:" + TestPki.OCSP_URL)
                .doesNotContain("CA Issuers")
                .contains("CA:FALSE")
                .contains("Digital Signature")
                .contains("Subject: O = Warden, CN = device-0001")
                .contains("ecdsa-with-SHA256");
    }

    @Test
    void caCertificatesHaveTheDocumentedProfile(@TempDir Path dir) {
        TestPki.writeChain(dir, hierarchy);
        TestPki.write(dir.resolve("ocsp.pem"), Pem.encode(hierarchy.ocsp().certificate()));
        String root = TestPki.opensslOk(dir, "x509", "-in", "root.pem", "-noout", "-text");
        assertThat(root)
                .contains("NIST CURVE: P-384")
                .contains("CA:TRUE, pathlen:1")
                .contains("Certificate Sign, CRL Sign")
                .contains("Subject: O = Warden, CN = Warden Root CA")
                .contains("X509v3 Subject Key Identifier")
                .contains("X509v3 Authority Key Identifier");
        String issuing = TestPki.opensslOk(dir, "x509", "-in", "issuing.pem", "-noout", "-text");
        assertThat(issuing)
                .contains("NIST CURVE: P-256")
                .contains("CA:TRUE, pathlen:0")
                .contains("Digital Signature, Certificate Sign, CRL Sign")
                .contains("Subject: O = Warden, OU = default, CN = Warden Issuing CA eu-west-1");
        String ocsp = TestPki.opensslOk(dir, "x509", "-in", "ocsp.pem", "-noout", "-text");
        assertThat(ocsp).contains("OCSP Signing").contains("OCSP No Check").contains("Digital Signature");
        TestPki.opensslOk(dir, "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "ocsp.pem");

        Instant rootEnd = hierarchy.root().certificate().getNotAfter().toInstant();
        assertThat(rootEnd.atOffset(ZoneOffset.UTC).getYear())
                .isEqualTo(Instant.now().atOffset(ZoneOffset.UTC).getYear() + 20);
        assertThat(hierarchy.chain())
                .containsExactly(
                        hierarchy.issuing().certificate(), hierarchy.root().certificate());
    }

    @Test
    void serialsAreDistinctPositive128BitValues() {
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            BigInteger serial = TestPki.device(issuer, "d" + i).getSerialNumber();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isLessThanOrEqualTo(127);
            assertThat(serial.toByteArray()).hasSizeLessThanOrEqualTo(16);
            serials.add(serial);
        }
        assertThat(serials).hasSize(20);
        for (int i = 0; i < 1000; i++) {
            BigInteger serial = CertificateIssuer.randomSerial(new SecureRandom());
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isBetween(1, 127);
        }
    }

    @Test
    void validityIsBackdatedOneMinuteAndEndsAfterRequestedDuration() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        CertificateIssuer fixed =
                new CertificateIssuer(hierarchy.issuing(), new SecureRandom(), Clock.fixed(now, ZoneOffset.UTC));
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X509Certificate cert = fixed.issue(new IssueRequest(
                "claim-1", null, keys.getPublic(), Duration.ofHours(1), null, null, CertificateProfile.CLAIM));
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(now.minusSeconds(60));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=claim-1,OU=claim,O=Warden");
    }

    @Test
    void serverCertificateCarriesDnsAndIpNamesAndServerAuth(@TempDir Path dir) {
        TestPki.writeChain(dir, hierarchy);
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X509Certificate server = issuer.issueServer(
                "node-1",
                List.of("node-1.local", "localhost"),
                List.of("127.0.0.1", "::1"),
                keys.getPublic(),
                Duration.ofDays(90));
        TestPki.write(dir.resolve("server.pem"), Pem.encode(server));
        TestPki.opensslOk(
                dir,
                "verify",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "-purpose",
                "sslserver",
                "server.pem");
        String text = TestPki.opensslOk(dir, "x509", "-in", "server.pem", "-noout", "-text");
        assertThat(text)
                .contains("DNS:node-1.local")
                .contains("DNS:localhost")
                .contains("IP Address:127.0.0.1")
                .contains("IP Address:0:0:0:0:0:0:0:1")
                .contains("TLS Web Server Authentication");
        assertThatThrownBy(() ->
                        issuer.issueServer("x", List.of(), List.of("not-an-ip"), keys.getPublic(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renewedOcspSignerIsNewAndChainsToIssuingCa(@TempDir Path dir) {
        CaSigner renewed = CaHierarchyBuilder.renewOcspSigner(hierarchy, new SoftwareKeySource(), Clock.systemUTC());
        assertThat(renewed.certificate().getPublicKey())
                .isNotEqualTo(hierarchy.ocsp().certificate().getPublicKey());
        TestPki.writeChain(dir, hierarchy);
        TestPki.write(dir.resolve("ocsp.pem"), Pem.encode(renewed.certificate()));
        TestPki.opensslOk(dir, "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "ocsp.pem");
    }

    @Test
    void offlineIssuingKeyIsReportedAsCaNotAvailable() {
        CaSigner offline = new CaSigner(hierarchy.issuing().certificate(), null, null);
        assertThatThrownBy(() -> new CertificateIssuer(offline, new SecureRandom(), Clock.systemUTC()))
                .isInstanceOfSatisfying(
                        PkiException.class, e -> assertThat(e.reason()).isEqualTo(PkiReason.CA_NOT_AVAILABLE));
    }

    @Test
    void pemRoundTripsAndFingerprintMatchesOpenssl(@TempDir Path dir) {
        X509Certificate device = TestPki.device(issuer, "fp");
        String pem = Pem.encode(List.of(device, hierarchy.issuing().certificate()));
        assertThat(Pem.parseCertificates(pem))
                .containsExactly(device, hierarchy.issuing().certificate());
        assertThat(Pem.parseCertificate(pem)).isEqualTo(device);
        TestPki.write(dir.resolve("d.pem"), Pem.encode(device));
        String out = TestPki.opensslOk(dir, "x509", "-in", "d.pem", "-noout", "-fingerprint", "-sha256");
        String expected =
                out.substring(out.indexOf('=') + 1).strip().replace(":", "").toLowerCase();
        assertThat(Fingerprints.sha256Hex(device)).isEqualTo(expected).hasSize(64);
        assertThat(Pem.parsePrivateKey(Pem.encodePrivateKey(hierarchy.issuing().privateKey()))
                        .getEncoded())
                .isEqualTo(hierarchy.issuing().privateKey().getEncoded());
        assertThatThrownBy(() -> Pem.parseCertificate("nothing here"))
                .isInstanceOfSatisfying(
                        PkiException.class, e -> assertThat(e.reason()).isEqualTo(PkiReason.CERTIFICATE_MALFORMED));
    }

    @Test
    void revocationReasonParsing() {
        assertThat(RevocationReason.parse("keyCompromise")).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.parse("KEYCOMPROMISE")).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.parse("cessation_of_operation")).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
        assertThat(RevocationReason.PRIVILEGE_WITHDRAWN.code()).isEqualTo(9);
        assertThatThrownBy(() -> RevocationReason.parse("lost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyCompromise")
                .hasMessageContaining("privilegeWithdrawn");
    }
}
