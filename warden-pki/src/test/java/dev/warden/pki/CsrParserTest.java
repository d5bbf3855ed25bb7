package dev.warden.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("openssl")
class CsrParserTest {

    static byte[] csr(KeyPair keys, String algorithm, String cn) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), keys.getPublic())
                .build(new JcaContentSignerBuilder(algorithm)
                        .setProvider(BouncyCastle.PROVIDER)
                        .build(keys.getPrivate()))
                .getEncoded();
    }

    static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static void assertReason(ThrowingCallable call, PkiReason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        PkiException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    @Test
    void acceptsEcP256P384AndRsa2048() throws Exception {
        ValidatedCsr p256 =
                CsrParser.parse(CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P256), "dev-256"));
        assertThat(p256.keyDescription()).isEqualTo("EC P-256");
        assertThat(p256.commonName()).isEqualTo("dev-256");

        ValidatedCsr p384 =
                CsrParser.parse(CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P384), "dev-384"));
        assertThat(p384.keyDescription()).isEqualTo("EC P-384");

        KeyPair rsa = rsa(2048);
        ValidatedCsr rsaCsr = CsrParser.parse(CsrBuilder.buildCsrDer(rsa, "dev-rsa"));
        assertThat(rsaCsr.keyDescription()).isEqualTo("RSA 2048");
        assertThat(rsaCsr.publicKey().getEncoded()).isEqualTo(rsa.getPublic().getEncoded());
    }

    @Test
    void acceptsPemWithBothHeadersAndNoCommonName() throws Exception {
        byte[] der = CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P256), null);
        String pem = Pem.encodeCsr(new PKCS10CertificationRequest(der));
        assertThat(CsrParser.parse(pem.getBytes(StandardCharsets.US_ASCII)).commonName())
                .isNull();
        String legacy = "\n" + pem.replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST") + "\n\n";
        assertThat(CsrParser.parse(legacy.getBytes(StandardCharsets.US_ASCII)).encoded())
                .isEqualTo(der);
    }

    @Test
    void acceptsCsrMadeByOpenssl(@TempDir Path dir) throws Exception {
        TestPki.opensslOk(
                dir,
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "k.pem",
                "-subj",
                "/CN=openssl-device",
                "-out",
                "r.pem");
        ValidatedCsr csr = CsrParser.parse(Files.readAllBytes(dir.resolve("r.pem")));
        assertThat(csr.commonName()).isEqualTo("openssl-device");
        assertThat(csr.keyDescription()).isEqualTo("EC P-256");
    }

    @Test
    void refusesWeakRsaAndWeakCurves() throws Exception {
        assertReason(() -> CsrParser.parse(csr(rsa(1024), "SHA256withRSA", "weak")), PkiReason.CSR_WEAK_KEY);
        assertReason(() -> CsrParser.parse(csr(ec("secp224r1"), "SHA256withECDSA", "p224")), PkiReason.CSR_WEAK_KEY);
        assertReason(() -> CsrParser.parse(csr(ec("secp192r1"), "SHA256withECDSA", "p192")), PkiReason.CSR_WEAK_KEY);
    }

    @Test
    void refusesUnsupportedKeyTypes() throws Exception {
        assertReason(
                () -> CsrParser.parse(csr(ec("secp256k1"), "SHA256withECDSA", "k1")), PkiReason.CSR_UNSUPPORTED_KEY);
        assertReason(
                () -> CsrParser.parse(csr(ec("brainpoolP256r1"), "SHA256withECDSA", "bp")),
                PkiReason.CSR_UNSUPPORTED_KEY);
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519", BouncyCastle.PROVIDER);
        assertReason(() -> CsrParser.parse(csr(ed.generateKeyPair(), "Ed25519", "ed")), PkiReason.CSR_UNSUPPORTED_KEY);
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        assertReason(
                () -> CsrParser.parse(csr(dsa.generateKeyPair(), "SHA256withDSA", "dsa")),
                PkiReason.CSR_UNSUPPORTED_KEY);
    }

    @Test
    void refusesFlippedSignatureAndSha1Signature() throws Exception {
        byte[] der = CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P256), "flip");
        byte[] tampered = der.clone();
        // The ECDSA signature's s value ends the encoding; flipping its last byte keeps the DER well-formed.
        tampered[tampered.length - 1] ^= 0x01;
        assertReason(() -> CsrParser.parse(tampered), PkiReason.CSR_BAD_SIGNATURE);

        KeyPair rsa = rsa(2048);
        byte[] rsaDer = csr(rsa, "SHA256withRSA", "rsa-flip");
        rsaDer[rsaDer.length - 10] ^= (byte) 0x80;
        assertReason(() -> CsrParser.parse(rsaDer), PkiReason.CSR_BAD_SIGNATURE);

        assertReason(() -> CsrParser.parse(csr(rsa, "SHA1withRSA", "sha1")), PkiReason.CSR_BAD_SIGNATURE);
    }

    @Test
    void refusesTruncatedGarbageTrailingAndOversizedInput() throws Exception {
        byte[] der = CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P256), "t");
        assertReason(() -> CsrParser.parse(Arrays.copyOf(der, der.length - 5)), PkiReason.CSR_MALFORMED);
        byte[] trailing = Arrays.copyOf(der, der.length + 3);
        assertReason(() -> CsrParser.parse(trailing), PkiReason.CSR_MALFORMED);
        assertReason(() -> CsrParser.parse("hello world".getBytes(StandardCharsets.US_ASCII)), PkiReason.CSR_MALFORMED);
        assertReason(() -> CsrParser.parse(new byte[0]), PkiReason.CSR_MALFORMED);
        assertReason(() -> CsrParser.parse(null), PkiReason.CSR_MALFORMED);
        assertReason(() -> CsrParser.parse(new byte[CsrParser.MAX_CSR_BYTES + 1]), PkiReason.CSR_TOO_LARGE);

        String pem = Pem.encodeCsr(new PKCS10CertificationRequest(der));
        assertReason(
                () -> CsrParser.parse(pem.substring(0, pem.length() - 40).getBytes(StandardCharsets.US_ASCII)),
                PkiReason.CSR_MALFORMED);
        assertReason(
                () -> CsrParser.parse((pem + "garbage").getBytes(StandardCharsets.US_ASCII)), PkiReason.CSR_MALFORMED);
        assertReason(
                () -> CsrParser.parse(
                        pem.replace("CERTIFICATE REQUEST", "CERTIFICATE").getBytes(StandardCharsets.US_ASCII)),
                PkiReason.CSR_MALFORMED);
        assertReason(
                () -> CsrParser.parse(pem.replace("M", "*").getBytes(StandardCharsets.US_ASCII)),
                PkiReason.CSR_MALFORMED);
    }
}
