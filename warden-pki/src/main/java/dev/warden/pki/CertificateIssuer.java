package dev.warden.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Issues leaf certificates (devices, claim certificates, TLS servers) under the online issuing CA.
 * Thread-safe; each call costs one signature.
 */
public final class CertificateIssuer {
    private final CaSigner issuingCa;
    private final SecureRandom random;
    private final Clock clock;
    private final X500Name issuerName;
    private final AuthorityKeyIdentifier authorityKeyIdentifier;
    private final String signatureAlgorithm;

    /**
     * @throws PkiException {@link PkiReason#CA_NOT_AVAILABLE} if the issuing CA's key is offline
     */
    public CertificateIssuer(CaSigner issuingCa, SecureRandom random, Clock clock) {
        this.issuingCa = Objects.requireNonNull(issuingCa, "issuingCa");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        issuingCa.requirePrivateKey();
        X509Certificate caCert = issuingCa.certificate();
        this.issuerName = X509Support.subjectOf(caCert);
        this.authorityKeyIdentifier = X509Support.authorityKeyIdentifier(caCert);
        this.signatureAlgorithm = BouncyCastle.signatureAlgorithmFor(caCert.getPublicKey());
    }

    /**
     * A device, claim, service-account or user client certificate: KeyUsage digitalSignature (critical), EKU clientAuth,
     * basicConstraints CA:false, SAN URI, CRL DP and AIA OCSP (when given), SKI/AKI, random 127-bit serial,
     * notBefore = now - 1 minute, notAfter = now + validity.
     *
     * @throws IllegalArgumentException when a URL is not an absolute URI
     */
    public X509Certificate issue(IssueRequest request) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Warden");
        if (request.profile() == CertificateProfile.CLAIM) {
            subject.addRDN(BCStyle.OU, "claim");
        } else if (request.profile() == CertificateProfile.SERVICE) {
            subject.addRDN(BCStyle.OU, "service");
        } else if (request.profile() == CertificateProfile.USER) {
            subject.addRDN(BCStyle.OU, "user");
        } else if (request.profile() == CertificateProfile.REGION_NODE) {
            subject.addRDN(BCStyle.OU, "region");
        }
        subject.addRDN(BCStyle.CN, request.commonName());
        X509v3CertificateBuilder builder = start(subject.build(), request.publicKey(), request.validity());
        try {
            builder.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    request.profile() == CertificateProfile.REGION_NODE
                            ? new ExtendedKeyUsage(
                                    new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth})
                            : new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            if (request.sanUri() != null) {
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(
                                new GeneralName(GeneralName.uniformResourceIdentifier, absoluteUri(request.sanUri()))));
            }
            if (request.crlUrl() != null) {
                GeneralNames crlName = new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, absoluteUri(request.crlUrl())));
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(crlName), null, null)
                }));
            }
            if (request.ocspUrl() != null) {
                // caIssuers is deliberately omitted: devices get the chain at enrollment time.
                builder.addExtension(
                        Extension.authorityInfoAccess,
                        false,
                        new AuthorityInformationAccess(new AccessDescription(
                                AccessDescription.id_ad_ocsp,
                                new GeneralName(
                                        GeneralName.uniformResourceIdentifier, absoluteUri(request.ocspUrl())))));
            }
        } catch (IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot encode certificate extensions", e);
        }
        return sign(builder);
    }

    /**
     * A TLS server certificate: CN, SAN with the DNS names and IP literals, EKU serverAuth, KeyUsage
     * digitalSignature (critical), basicConstraints CA:false.
     *
     * @param ipAddresses IPv4/IPv6 literals only (never resolved)
     * @throws IllegalArgumentException when neither DNS names nor IPs are given or an IP literal is invalid
     */
    public X509Certificate issueServer(
            String commonName,
            List<String> dnsNames,
            List<String> ipAddresses,
            PublicKey publicKey,
            Duration validity) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(publicKey, "publicKey");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String dns : dnsNames == null ? List.<String>of() : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (String ip : ipAddresses == null ? List.<String>of() : ipAddresses) {
            if (!IPAddress.isValid(ip)) {
                throw new IllegalArgumentException("not an IP address literal: " + ip);
            }
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Warden")
                .addRDN(BCStyle.CN, commonName)
                .build();
        X509v3CertificateBuilder builder = start(subject, publicKey, validity);
        try {
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        } catch (IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot encode certificate extensions", e);
        }
        return sign(builder);
    }

    /**
     * A positive serial from 16 random bytes with the top bit cleared (so the DER INTEGER stays 16 bytes
     * and positive); never zero. 127 bits of entropy exceed the CA/B Forum's 64-bit minimum.
     */
    public static BigInteger randomSerial(SecureRandom random) {
        byte[] bytes = new byte[16];
        BigInteger serial;
        do {
            random.nextBytes(bytes);
            bytes[0] &= 0x7f;
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    private X509v3CertificateBuilder start(X500Name subject, PublicKey publicKey, Duration validity) {
        Instant now = clock.instant();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuerName,
                randomSerial(random),
                X509Support.date(now.minus(CaHierarchyBuilder.BACKDATE)),
                X509Support.date(now.plus(validity)),
                subject,
                publicKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, X509Support.subjectKeyIdentifier(publicKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier);
        } catch (IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot encode certificate extensions", e);
        }
        return builder;
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) {
        return X509Support.toCertificate(
                builder.build(BouncyCastle.signer(signatureAlgorithm, issuingCa.privateKey(), issuingCa.provider())));
    }

    private static String absoluteUri(String value) {
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("not an absolute URI: " + value);
            }
            return value;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URI: " + value, e);
        }
    }
}
