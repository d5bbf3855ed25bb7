package dev.warden.pki;

import java.io.ByteArrayInputStream;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Small shared helpers for building X.509 structures; no I/O. */
final class X509Support {
    private X509Support() {}

    static X509Certificate toCertificate(X509CertificateHolder holder) {
        try {
            // The platform (SUN) factory is used on purpose: its certificates work with every KeyStore,
            // including SunPKCS11, which the BC implementation does not always satisfy.
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | java.io.IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot decode freshly built certificate", e);
        }
    }

    static X500Name subjectOf(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** RFC 5280 method 1 key identifier (SHA-1 of the subjectPublicKey bits). */
    static SubjectKeyIdentifier subjectKeyIdentifier(PublicKey key) {
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key);
        } catch (NoSuchAlgorithmException e) {
            throw new PkiException(PkiReason.INTERNAL, "SHA-1 unavailable for key identifiers", e);
        }
    }

    /** AKI carrying only the key identifier of {@code issuer} (taken from its SKI extension when present). */
    static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate issuer) {
        byte[] extension = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        byte[] keyId;
        if (extension != null) {
            keyId = SubjectKeyIdentifier.getInstance(
                            ASN1OctetString.getInstance(extension).getOctets())
                    .getKeyIdentifier();
        } else {
            keyId = subjectKeyIdentifier(issuer.getPublicKey()).getKeyIdentifier();
        }
        return new AuthorityKeyIdentifier(keyId);
    }

    static Date date(Instant instant) {
        return Date.from(instant);
    }

    static Instant plusYears(Instant instant, int years) {
        return ZonedDateTime.ofInstant(instant, ZoneOffset.UTC).plusYears(years).toInstant();
    }
}
