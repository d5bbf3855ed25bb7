package dev.warden.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("openssl")
class CrlBuilderTest {
    static CaHierarchy hierarchy;

    @BeforeAll
    static void createHierarchy() {
        hierarchy = TestPki.hierarchy();
    }

    @Test
    void opensslVerifiesCrlAndListsSerialsAndReasons(@TempDir Path dir) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BigInteger compromised = new BigInteger("1234567890abcdef1234567890abcdef", 16);
        BigInteger superseded = BigInteger.valueOf(0x0badcafeL);
        BigInteger unspecified = BigInteger.valueOf(4242);
        byte[] der = CrlBuilder.build(
                hierarchy.issuing(),
                List.of(
                        new RevokedEntry(compromised, now.minusSeconds(3600), RevocationReason.KEY_COMPROMISE),
                        new RevokedEntry(superseded, now.minusSeconds(60), RevocationReason.SUPERSEDED),
                        new RevokedEntry(unspecified, now.minusSeconds(10), RevocationReason.UNSPECIFIED)),
                BigInteger.valueOf(7),
                now,
                now.plus(Duration.ofDays(1)));
        Files.write(dir.resolve("crl.der"), der);
        TestPki.writeChain(dir, hierarchy);

        String verify = TestPki.opensslOk(
                dir, "crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "chain.pem", "-verify", "-noout");
        assertThat(verify).contains("verify OK");

        String text = TestPki.opensslOk(dir, "crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text");
        assertThat(text)
                .contains("Serial Number: 1234567890ABCDEF1234567890ABCDEF")
                .contains("Key Compromise")
                .contains("Serial Number: 0BADCAFE")
                .contains("Superseded")
                .contains("Serial Number: 1092")
                .contains("X509v3 CRL Number")
                .contains("X509v3 Authority Key Identifier")
                .contains("Issuer: O = Warden, OU = default, CN = Warden Issuing CA eu-west-1");
        // Exactly two reason codes: the UNSPECIFIED entry carries none (RFC 5280 5.3.1).
        assertThat(text.split("X509v3 CRL Reason Code", -1)).hasSize(3);

        X509CRL crl =
                (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new java.io.ByteArrayInputStream(der));
        crl.verify(hierarchy.issuing().certificate().getPublicKey());
        assertThat(crl.getRevokedCertificates()).hasSize(3);
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(now);
    }

    @Test
    void emptyCrlIsValid(@TempDir Path dir) throws Exception {
        Instant now = Instant.now();
        Files.write(
                dir.resolve("crl.der"),
                CrlBuilder.build(hierarchy.issuing(), List.of(), BigInteger.ONE, now, now.plus(Duration.ofHours(6))));
        TestPki.writeChain(dir, hierarchy);
        TestPki.opensslOk(dir, "crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "chain.pem", "-verify", "-noout");
    }

    @Test
    void benchmarkHundredThousandEntries(@TempDir Path dir) throws Exception {
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        RevocationReason[] reasons = RevocationReason.values();
        List<RevokedEntry> entries = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            entries.add(new RevokedEntry(
                    CertificateIssuer.randomSerial(random), now.minusSeconds(i), reasons[i % reasons.length]));
        }
        CrlBuilder.build(hierarchy.issuing(), entries.subList(0, 1000), BigInteger.ONE, now, now.plusSeconds(3600));
        long start = System.nanoTime();
        byte[] der = CrlBuilder.build(hierarchy.issuing(), entries, BigInteger.TWO, now, now.plusSeconds(3600));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("CRL with 100,000 entries: %d ms, %d bytes%n", millis, der.length);

        Files.write(dir.resolve("big.der"), der);
        TestPki.writeChain(dir, hierarchy);
        TestPki.opensslOk(dir, "crl", "-inform", "DER", "-in", "big.der", "-CAfile", "chain.pem", "-verify", "-noout");
    }
}
