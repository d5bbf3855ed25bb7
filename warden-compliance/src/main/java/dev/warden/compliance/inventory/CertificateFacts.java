package dev.warden.compliance.inventory;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * What the checks need from a certificate, read from its ASN.1 without building JCA objects (a full run reads every
 * certificate of the fleet): its key (algorithm, size, curve, exponent, fingerprint), issuer and subject names, key
 * identifiers, signature algorithm, validity end and fingerprint. Names are in BouncyCastle's X500Name form for
 * both issuers and subjects, so that the two compare.
 */
final class CertificateFacts {
    private static final String RSA = "1.2.840.113549.1.1.1";
    private static final String EC = "1.2.840.10045.2.1";
    private static final String DSA = "1.2.840.10040.4.1";
    private static final String ED25519 = "1.3.101.112";
    private static final String ED448 = "1.3.101.113";
    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();

    record Parsed(
            KeyInfo key,
            String subject,
            String issuer,
            Optional<String> authorityKeyId,
            Optional<String> subjectKeyId,
            String signatureAlgorithm,
            Instant notAfter,
            String fingerprint) {}

    private CertificateFacts() {}

    /** The first certificate of a PEM text. */
    static Parsed fromPem(String pem) {
        int begin = pem.indexOf("-----BEGIN CERTIFICATE-----");
        int end = pem.indexOf("-----END CERTIFICATE-----", begin + 1);
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException("no PEM certificate");
        }
        String body = pem.substring(begin + "-----BEGIN CERTIFICATE-----".length(), end);
        return fromDer(Base64.getMimeDecoder().decode(body));
    }

    static Parsed fromDer(byte[] der) {
        Certificate c = Certificate.getInstance(der);
        Extensions extensions = c.getTBSCertificate().getExtensions();
        Optional<String> aki = Optional.empty();
        Optional<String> ski = Optional.empty();
        if (extensions != null) {
            AuthorityKeyIdentifier a = AuthorityKeyIdentifier.fromExtensions(extensions);
            if (a != null && a.getKeyIdentifierOctets() != null) {
                aki = Optional.of(HexFormat.of().formatHex(a.getKeyIdentifierOctets()));
            }
            SubjectKeyIdentifier s = SubjectKeyIdentifier.fromExtensions(extensions);
            if (s != null) {
                ski = Optional.of(HexFormat.of().formatHex(s.getKeyIdentifier()));
            }
        }
        return new Parsed(
                key(c.getSubjectPublicKeyInfo()),
                c.getSubject().toString(),
                c.getIssuer().toString(),
                aki,
                ski,
                signatureName(c.getSignatureAlgorithm()),
                c.getEndDate().getDate().toInstant(),
                sha256(der));
    }

    static KeyInfo key(SubjectPublicKeyInfo spki) {
        String oid = spki.getAlgorithm().getAlgorithm().getId();
        String fingerprint = sha256(encoded(spki));
        try {
            switch (oid) {
                case RSA -> {
                    org.bouncycastle.asn1.pkcs.RSAPublicKey rsa =
                            org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey());
                    BigInteger e = rsa.getPublicExponent();
                    return new KeyInfo(
                            "RSA",
                            rsa.getModulus().bitLength(),
                            "",
                            e.bitLength() < 63 ? e.longValue() : Long.MAX_VALUE,
                            fingerprint);
                }
                case EC -> {
                    return ecKey(spki, fingerprint);
                }
                case ED25519 -> {
                    return new KeyInfo("Ed25519", 255, "", 0, fingerprint);
                }
                case ED448 -> {
                    return new KeyInfo("Ed448", 448, "", 0, fingerprint);
                }
                case DSA -> {
                    var params = spki.getAlgorithm().getParameters();
                    int bits = params == null
                            ? 0
                            : DSAParameter.getInstance(params).getP().bitLength();
                    return new KeyInfo("DSA", bits, "", 0, fingerprint);
                }
                default -> {
                    return new KeyInfo(oid, 0, "", 0, fingerprint);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable public key", e);
        }
    }

    private static KeyInfo ecKey(SubjectPublicKeyInfo spki, String fingerprint) {
        ASN1Primitive params = spki.getAlgorithm().getParameters() == null
                ? null
                : spki.getAlgorithm().getParameters().toASN1Primitive();
        if (!(params instanceof ASN1ObjectIdentifier curveOid)) {
            // Explicit curve parameters: legal, and a known way to smuggle in a weak curve (CVE-2020-0601).
            return new KeyInfo("EC", 0, "explicit", 0, fingerprint);
        }
        String name = ECNamedCurveTable.getName(curveOid);
        X9ECParameters curve = ECNamedCurveTable.getByOID(curveOid);
        int bits = curve == null ? 0 : curve.getCurve().getFieldSize();
        return new KeyInfo("EC", bits, name == null ? curveOid.getId() : name, 0, fingerprint);
    }

    private static String signatureName(AlgorithmIdentifier algorithm) {
        String name = NAMES.getAlgorithmName(algorithm);
        return name == null ? algorithm.getAlgorithm().getId() : name;
    }

    private static byte[] encoded(SubjectPublicKeyInfo spki) {
        try {
            return spki.getEncoded();
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable public key", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
