package dev.warden.compliance;

import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA that signs device certificates for the tests, with the keys the test asks for. */
public final class TestCertificates {
    private static final AtomicLong SERIALS = new AtomicLong(0x1000);

    public final KeyPair caKey;
    public final X509Certificate ca;

    public TestCertificates() {
        try {
            caKey = ec();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=Test Issuing CA");
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))),
                    name,
                    caKey.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKey.getPublic()));
            ca = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A device certificate for {@code thing} with {@code key}, valid from {@code notBefore} for {@code validity}. */
    public X509Certificate issue(String thing, KeyPair key, Instant notBefore, Duration validity) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    new X500Name("CN=Test Issuing CA"),
                    BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(notBefore),
                    Date.from(notBefore.plus(validity)),
                    new X500Name("CN=" + thing),
                    key.getPublic());
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The registry's record of a device certificate, as the registry would store it. */
    public static CertificateRecord record(X509Certificate c, String region, String thing, CertificateStatus status) {
        Instant created = c.getNotBefore().toInstant();
        return new CertificateRecord(
                c.getSerialNumber().toString(16),
                Fingerprints.sha256Hex(c),
                region,
                CertificateKind.DEVICE,
                thing,
                status,
                thing,
                null,
                created,
                c.getNotAfter().toInstant(),
                Pem.encode(c),
                created,
                created,
                status == CertificateStatus.REVOKED ? created : null,
                null,
                null,
                null);
    }
}
