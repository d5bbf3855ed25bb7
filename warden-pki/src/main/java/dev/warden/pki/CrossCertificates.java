package dev.warden.pki;

import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Cross-certification of one region's root by the deployment's root (the control region's): a CA certificate with
 * the member root's subject, public key and key identifier, issued and signed by the deployment root. A chain that
 * ends at the member root (its issuing CA, every device and server certificate under it) then also ends at the
 * deployment root, with the cross certificate in place of the member root, so one pinned root verifies every region
 * and no existing certificate is issued again.
 *
 * <p>The path length is the member root's own (its issuing CA and that CA's leaves fit under it), the key usage is
 * keyCertSign and cRLSign, and the validity never outlasts either root. Because every Warden root has the same
 * distinguished name, the cross certificate is "self-issued" in RFC 5280's sense and takes no place of the
 * deployment root's path length; key identifiers, not names, tell the two roots apart.
 */
public final class CrossCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CrossCertificates() {}

    /**
     * The deployment root's cross certificate for {@code memberRoot}.
     *
     * @throws PkiException {@link PkiReason#CA_NOT_AVAILABLE} if the deployment root's key is offline, {@link
     *     PkiReason#NOT_A_ROOT_CERTIFICATE} if {@code memberRoot} is not a self-signed CA certificate valid now, or is the
     *     deployment root itself
     */
    public static X509Certificate certify(CaSigner deploymentRoot, X509Certificate memberRoot, Clock clock) {
        X509Certificate issuer = deploymentRoot.certificate();
        Instant now = clock.instant();
        requireMemberRoot(issuer, memberRoot, now);
        Instant notBefore = latest(
                now.minus(CaHierarchyBuilder.BACKDATE),
                memberRoot.getNotBefore().toInstant());
        notBefore = latest(notBefore, issuer.getNotBefore().toInstant());
        Instant notAfter = earliest(
                memberRoot.getNotAfter().toInstant(), issuer.getNotAfter().toInstant());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X509Support.subjectOf(issuer),
                CertificateIssuer.randomSerial(RANDOM),
                X509Support.date(notBefore),
                X509Support.date(notAfter),
                X509Support.subjectOf(memberRoot),
                memberRoot.getPublicKey());
        try {
            builder.addExtension(
                    Extension.basicConstraints, true, new BasicConstraints(memberRoot.getBasicConstraints()));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            // The member root's own key identifier: its issuing CA names it as authority, so it must match.
            builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyIdentifier(memberRoot));
            builder.addExtension(Extension.authorityKeyIdentifier, false, X509Support.authorityKeyIdentifier(issuer));
        } catch (IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot encode cross certificate extensions", e);
        }
        return X509Support.toCertificate(builder.build(BouncyCastle.signer(
                BouncyCastle.signatureAlgorithmFor(issuer.getPublicKey()),
                deploymentRoot.requirePrivateKey(),
                deploymentRoot.provider())));
    }

    /**
     * The chain a server presents under the deployment root: {@code chain} (leaf first) with the member root replaced
     * by {@code cross}, or {@code cross} added when the chain stops below the member root; unchanged when {@code cross}
     * is not for the root this chain ends at. A client that pins the member root still finds its anchor (the cross
     * certificate has the root's subject and key); one that pins only the deployment root finds the way up to it.
     */
    public static List<X509Certificate> underDeploymentRoot(List<X509Certificate> chain, X509Certificate cross) {
        List<X509Certificate> served = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (c.getPublicKey().equals(cross.getPublicKey())) {
                served.add(cross);
                return served;
            }
            served.add(c);
        }
        if (chain.isEmpty() || !issuedBy(chain.get(chain.size() - 1), cross)) {
            return List.copyOf(chain);
        }
        served.add(cross);
        return served;
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Whether {@code cross} is what {@link #certify} makes for {@code memberRoot} under {@code deploymentRoot}: a CA
     * certificate with the member root's subject and key, signed by the deployment root.
     */
    public static boolean certifies(X509Certificate cross, X509Certificate memberRoot, X509Certificate deploymentRoot) {
        if (cross.getBasicConstraints() < 0
                || !cross.getSubjectX500Principal().equals(memberRoot.getSubjectX500Principal())
                || !cross.getPublicKey().equals(memberRoot.getPublicKey())) {
            return false;
        }
        try {
            cross.verify(deploymentRoot.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static void requireMemberRoot(X509Certificate deploymentRoot, X509Certificate memberRoot, Instant now) {
        if (memberRoot.getBasicConstraints() < 0) {
            throw new PkiException(
                    PkiReason.NOT_A_ROOT_CERTIFICATE, "a cross certificate is only for a CA certificate");
        }
        if (memberRoot.getPublicKey().equals(deploymentRoot.getPublicKey())) {
            throw new PkiException(
                    PkiReason.NOT_A_ROOT_CERTIFICATE, "the deployment root does not cross-certify itself");
        }
        try {
            memberRoot.checkValidity(java.util.Date.from(now));
            memberRoot.verify(memberRoot.getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new PkiException(
                    PkiReason.NOT_A_ROOT_CERTIFICATE, "the member root is not a self-signed root valid now");
        }
    }

    private static SubjectKeyIdentifier subjectKeyIdentifier(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return X509Support.subjectKeyIdentifier(certificate.getPublicKey());
        }
        return SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(extension).getOctets());
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
