package dev.warden.pki;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Creates a region's CA hierarchy: a P-384 root (20 years, path length 1), a P-256 issuing CA (5 years,
 * path length 0) and a P-256 delegated OCSP signer (1 year). All notBefore values are backdated by one
 * minute to tolerate clock skew between nodes and devices.
 */
public final class CaHierarchyBuilder {
    /** Alias of the root key in the key source. */
    public static final String ROOT_ALIAS = "warden-root";

    static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CaHierarchyBuilder() {}

    /** Alias under which the issuing CA key of {@code region} is generated. */
    public static String issuingAlias(String region) {
        return "warden-issuing-" + region;
    }

    /** Alias prefix for OCSP signer keys of {@code region}; renewals append a timestamp to stay unique. */
    public static String ocspAlias(String region) {
        return "warden-ocsp-" + region;
    }

    /**
     * Generates all three keys in {@code keys}, certifies them and binds each certificate chain to its key.
     *
     * @throws PkiException {@link PkiReason#HSM_UNAVAILABLE} if an HSM key source fails
     */
    public static CaHierarchy create(CaNames names, KeySource keys, Clock clock) {
        Instant now = clock.instant();
        Instant notBefore = now.minus(BACKDATE);

        KeyPair rootKeys = keys.generate(KeyType.EC_P384, ROOT_ALIAS);
        X500Name rootName = name(null, "Warden Root CA");
        X509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(
                rootName,
                CertificateIssuer.randomSerial(RANDOM),
                X509Support.date(notBefore),
                X509Support.date(X509Support.plusYears(now, 20)),
                rootName,
                rootKeys.getPublic());
        addCaExtensions(
                rootBuilder, rootKeys.getPublic(), null, 1, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate rootCert = X509Support.toCertificate(rootBuilder.build(
                BouncyCastle.signer(KeyType.EC_P384.signatureAlgorithm(), rootKeys.getPrivate(), keys.provider())));
        keys.bindCertificate(ROOT_ALIAS, rootKeys.getPrivate(), new X509Certificate[] {rootCert});
        CaSigner root = new CaSigner(rootCert, rootKeys.getPrivate(), keys.provider());

        String issuingAlias = issuingAlias(names.region());
        KeyPair issuingKeys = keys.generate(KeyType.EC_P256, issuingAlias);
        X509v3CertificateBuilder issuingBuilder = new JcaX509v3CertificateBuilder(
                rootName,
                CertificateIssuer.randomSerial(RANDOM),
                X509Support.date(notBefore),
                X509Support.date(X509Support.plusYears(now, 5)),
                name(names.account(), "Warden Issuing CA " + names.region()),
                issuingKeys.getPublic());
        addCaExtensions(
                issuingBuilder,
                issuingKeys.getPublic(),
                rootCert,
                0,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        X509Certificate issuingCert = X509Support.toCertificate(issuingBuilder.build(
                BouncyCastle.signer(KeyType.EC_P384.signatureAlgorithm(), rootKeys.getPrivate(), keys.provider())));
        keys.bindCertificate(issuingAlias, issuingKeys.getPrivate(), new X509Certificate[] {issuingCert, rootCert});
        CaSigner issuing = new CaSigner(issuingCert, issuingKeys.getPrivate(), keys.provider());

        CaSigner ocsp = issueOcspSigner(issuing, rootCert, keys, ocspAlias(names.region()), now);
        return new CaHierarchy(root, issuing, ocsp);
    }

    /**
     * Issues a fresh OCSP signer (new key, one year) under the hierarchy's issuing CA. The key alias gets a
     * timestamp suffix so an HSM never overwrites the signer that is still in use.
     *
     * @throws PkiException {@link PkiReason#CA_NOT_AVAILABLE} if the issuing CA key is offline
     */
    public static CaSigner renewOcspSigner(CaHierarchy hierarchy, KeySource keys, Clock clock) {
        Instant now = clock.instant();
        String region = regionOf(hierarchy.issuing().certificate());
        return renewOcspSigner(hierarchy, keys, clock, ocspAlias(region) + "-" + now.getEpochSecond());
    }

    /** As {@link #renewOcspSigner(CaHierarchy, KeySource, Clock)} with an explicit key alias (for stores that record it). */
    public static CaSigner renewOcspSigner(CaHierarchy hierarchy, KeySource keys, Clock clock, String keyAlias) {
        return issueOcspSigner(hierarchy.issuing(), hierarchy.root().certificate(), keys, keyAlias, clock.instant());
    }

    /** Region encoded in the issuing CA's CN ("Warden Issuing CA &lt;region&gt;"). */
    static String regionOf(X509Certificate issuingCertificate) {
        X500Name subject = X509Support.subjectOf(issuingCertificate);
        String cn = subject.getRDNs(BCStyle.CN)[0].getFirst().getValue().toString();
        String prefix = "Warden Issuing CA ";
        return cn.startsWith(prefix) ? cn.substring(prefix.length()) : cn;
    }

    private static CaSigner issueOcspSigner(
            CaSigner issuing, X509Certificate rootCert, KeySource keys, String alias, Instant now) {
        KeyPair ocspKeys = keys.generate(KeyType.EC_P256, alias);
        X509Certificate issuingCert = issuing.certificate();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X509Support.subjectOf(issuingCert),
                CertificateIssuer.randomSerial(RANDOM),
                X509Support.date(now.minus(BACKDATE)),
                X509Support.date(X509Support.plusYears(now, 1)),
                name(null, "Warden OCSP Signer " + regionOf(issuingCert)),
                ocspKeys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
            // id-pkix-ocsp-nocheck: clients must not ask for the signer's own revocation status (RFC 6960 4.2.2.2.1),
            // which is why the signer is short-lived.
            builder.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, X509Support.subjectKeyIdentifier(ocspKeys.getPublic()));
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, X509Support.authorityKeyIdentifier(issuingCert));
        } catch (IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot encode OCSP signer extensions", e);
        }
        X509Certificate cert = X509Support.toCertificate(builder.build(BouncyCastle.signer(
                BouncyCastle.signatureAlgorithmFor(issuingCert.getPublicKey()),
                issuing.requirePrivateKey(),
                issuing.provider())));
        keys.bindCertificate(alias, ocspKeys.getPrivate(), new X509Certificate[] {cert, issuingCert, rootCert});
        return new CaSigner(cert, ocspKeys.getPrivate(), keys.provider());
    }

    private static void addCaExtensions(
            X509v3CertificateBuilder builder,
            PublicKey subjectKey,
            X509Certificate issuer,
            int pathLength,
            KeyUsage keyUsage) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            builder.addExtension(Extension.keyUsage, true, keyUsage);
            builder.addExtension(Extension.subjectKeyIdentifier, false, X509Support.subjectKeyIdentifier(subjectKey));
            if (issuer != null) {
                builder.addExtension(
                        Extension.authorityKeyIdentifier, false, X509Support.authorityKeyIdentifier(issuer));
            } else {
                builder.addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        new org.bouncycastle.asn1.x509.AuthorityKeyIdentifier(
                                X509Support.subjectKeyIdentifier(subjectKey).getKeyIdentifier()));
            }
        } catch (IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot encode CA extensions", e);
        }
    }

    static X500Name name(String organizationalUnit, String commonName) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Warden");
        if (organizationalUnit != null) {
            builder.addRDN(BCStyle.OU, organizationalUnit);
        }
        return builder.addRDN(BCStyle.CN, commonName).build();
    }
}
