package dev.warden.compliance.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.TestCertificates;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a certificate's ASN.1 says, read without JCA: key, curve, size, exponent, names and key identifiers. */
class CertificateFactsTest {
    private final TestCertificates pki = new TestCertificates();

    @Test
    void anEcDeviceCertificateNamesItsCaByKeyIdentifier() {
        KeyPair key = TestCertificates.ec();
        X509Certificate device = pki.issue("dev-1", key, Instant.now(), Duration.ofDays(30));

        CertificateFacts.Parsed d = CertificateFacts.fromPem(Pem.encode(device));
        CertificateFacts.Parsed ca = CertificateFacts.fromPem(Pem.encode(pki.ca));

        assertThat(d.key().algorithm()).isEqualTo("EC");
        assertThat(d.key().bits()).isEqualTo(256);
        assertThat(d.key().curve()).isIn("secp256r1", "prime256v1");
        assertThat(d.signatureAlgorithm()).containsIgnoringCase("SHA256").containsIgnoringCase("ECDSA");
        assertThat(d.authorityKeyId()).isPresent().isEqualTo(ca.subjectKeyId());
        assertThat(d.issuer()).isEqualTo(ca.subject());
        assertThat(ca.fingerprint()).isEqualTo(Fingerprints.sha256Hex(pki.ca));
        assertThat(d.notAfter()).isEqualTo(device.getNotAfter().toInstant());
        // the same key in another certificate has the same key fingerprint, and another key another one
        CertificateFacts.Parsed again =
                CertificateFacts.fromPem(Pem.encode(pki.issue("dev-2", key, Instant.now(), Duration.ofDays(30))));
        CertificateFacts.Parsed other = CertificateFacts.fromPem(
                Pem.encode(pki.issue("dev-3", TestCertificates.ec(), Instant.now(), Duration.ofDays(30))));
        assertThat(again.key().fingerprint()).isEqualTo(d.key().fingerprint());
        assertThat(other.key().fingerprint()).isNotEqualTo(d.key().fingerprint());
    }

    @Test
    void anRsaKeySizeAndExponent() {
        X509Certificate rsa = pki.issue("old", TestCertificates.rsa(1024), Instant.now(), Duration.ofDays(30));
        KeyInfo key = CertificateFacts.fromPem(Pem.encode(rsa)).key();
        assertThat(key.algorithm()).isEqualTo("RSA");
        assertThat(key.bits()).isEqualTo(1024);
        assertThat(key.publicExponent()).isEqualTo(65537);
    }
}
