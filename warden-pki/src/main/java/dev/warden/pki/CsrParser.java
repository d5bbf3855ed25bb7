package dev.warden.pki;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Strict PKCS#10 parser for untrusted input from devices.
 *
 * <p>Checks happen cheapest first (size, encoding, key policy) so that hostile input never reaches the
 * signature verification with an oversized key. Any input yields either a {@link ValidatedCsr} or a
 * {@link PkiException}; no other exception escapes.
 */
public final class CsrParser {
    /** Upper bound on the input size; real CSRs are below 2 KiB even with RSA 8192. */
    public static final int MAX_CSR_BYTES = 64 * 1024;

    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_RSA_BITS = 8192;

    private static final Map<ASN1ObjectIdentifier, String> ACCEPTED_CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "EC P-256",
            SECObjectIdentifiers.secp384r1, "EC P-384");
    /** NIST curves below 128-bit security: refused as weak rather than unsupported. */
    private static final Set<ASN1ObjectIdentifier> WEAK_CURVES = Set.of(
            SECObjectIdentifiers.secp192r1, SECObjectIdentifiers.secp224r1,
            SECObjectIdentifiers.sect163k1, SECObjectIdentifiers.sect163r2,
            SECObjectIdentifiers.sect233k1, SECObjectIdentifiers.sect233r1);
    /** SHA-1 and MD5 signatures are refused: proof of possession must not rest on broken hashes. */
    private static final Set<ASN1ObjectIdentifier> ACCEPTED_SIGNATURES = Set.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512,
            PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption,
            PKCSObjectIdentifiers.id_RSASSA_PSS,
            NISTObjectIdentifiers.id_ecdsa_with_sha3_256,
            NISTObjectIdentifiers.id_ecdsa_with_sha3_384);

    private static final String[] PEM_LABELS = {"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"};

    private CsrParser() {}

    /**
     * Parses and validates a CSR given as PEM ({@code CERTIFICATE REQUEST} or {@code NEW CERTIFICATE REQUEST})
     * or DER.
     *
     * @throws PkiException with {@link PkiReason#CSR_TOO_LARGE}, {@link PkiReason#CSR_MALFORMED},
     *         {@link PkiReason#CSR_WEAK_KEY}, {@link PkiReason#CSR_UNSUPPORTED_KEY} or
     *         {@link PkiReason#CSR_BAD_SIGNATURE}
     */
    public static ValidatedCsr parse(byte[] input) {
        try {
            return parseUnchecked(input);
        } catch (PkiException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: BouncyCastle signals some malformed structures with unchecked exceptions.
            throw new PkiException(PkiReason.CSR_MALFORMED, "CSR is not a valid PKCS#10 structure");
        }
    }

    private static ValidatedCsr parseUnchecked(byte[] input) {
        if (input == null || input.length == 0) {
            throw new PkiException(PkiReason.CSR_MALFORMED, "CSR is empty");
        }
        if (input.length > MAX_CSR_BYTES) {
            throw new PkiException(
                    PkiReason.CSR_TOO_LARGE, "CSR is " + input.length + " bytes, limit is " + MAX_CSR_BYTES);
        }
        byte[] der = looksLikePem(input) ? decodePem(input) : input;
        CertificationRequest structure = decodeDer(der);
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(structure);

        SubjectPublicKeyInfo keyInfo = csr.getSubjectPublicKeyInfo();
        String keyDescription = checkKeyPolicy(keyInfo);
        if (!ACCEPTED_SIGNATURES.contains(csr.getSignatureAlgorithm().getAlgorithm())) {
            throw new PkiException(
                    PkiReason.CSR_BAD_SIGNATURE,
                    "signature algorithm "
                            + csr.getSignatureAlgorithm().getAlgorithm().getId() + " is not accepted");
        }
        PublicKey publicKey;
        try {
            publicKey = new JcaPKCS10CertificationRequest(csr)
                    .setProvider(BouncyCastle.PROVIDER)
                    .getPublicKey();
        } catch (Exception e) {
            throw new PkiException(PkiReason.CSR_MALFORMED, "CSR public key cannot be decoded");
        }
        verifySignature(csr, publicKey);
        return new ValidatedCsr(publicKey, commonName(csr), keyDescription, der);
    }

    private static boolean looksLikePem(byte[] input) {
        int i = 0;
        while (i < input.length && Character.isWhitespace(input[i])) {
            i++;
        }
        return input.length - i >= 5 && input[i] == '-' && input[i + 1] == '-' && input[i + 2] == '-';
    }

    /** Exactly one PEM block; only whitespace may surround it (anything else counts as trailing garbage). */
    private static byte[] decodePem(byte[] input) {
        String text = new String(input, StandardCharsets.US_ASCII).strip();
        for (String label : PEM_LABELS) {
            String header = "-----BEGIN " + label + "-----";
            String footer = "-----END " + label + "-----";
            if (text.startsWith(header)) {
                if (!text.endsWith(footer) || text.length() < header.length() + footer.length()) {
                    throw new PkiException(PkiReason.CSR_MALFORMED, "PEM CSR is truncated or has trailing data");
                }
                String body = text.substring(header.length(), text.length() - footer.length());
                StringBuilder base64 = new StringBuilder(body.length());
                for (int i = 0; i < body.length(); i++) {
                    char c = body.charAt(i);
                    if (!Character.isWhitespace(c)) {
                        base64.append(c);
                    }
                }
                try {
                    byte[] der = Base64.getDecoder().decode(base64.toString());
                    if (der.length == 0) {
                        throw new PkiException(PkiReason.CSR_MALFORMED, "PEM CSR is empty");
                    }
                    return der;
                } catch (IllegalArgumentException e) {
                    throw new PkiException(PkiReason.CSR_MALFORMED, "PEM CSR body is not valid base64");
                }
            }
        }
        throw new PkiException(PkiReason.CSR_MALFORMED, "PEM block is not a CERTIFICATE REQUEST");
    }

    private static CertificationRequest decodeDer(byte[] der) {
        ASN1Primitive primitive;
        try {
            // fromByteArray rejects trailing bytes ("extra data") and lengths beyond the input (truncation).
            primitive = ASN1Primitive.fromByteArray(der);
        } catch (Exception e) {
            throw new PkiException(PkiReason.CSR_MALFORMED, "CSR is not valid DER (truncated or trailing data)");
        }
        try {
            return CertificationRequest.getInstance(primitive);
        } catch (Exception e) {
            throw new PkiException(PkiReason.CSR_MALFORMED, "DER structure is not a PKCS#10 CertificationRequest");
        }
    }

    private static String checkKeyPolicy(SubjectPublicKeyInfo keyInfo) {
        ASN1ObjectIdentifier algorithm = keyInfo.getAlgorithm().getAlgorithm();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            ASN1Encodable parameters = keyInfo.getAlgorithm().getParameters();
            if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
                throw new PkiException(PkiReason.CSR_UNSUPPORTED_KEY, "EC keys must use a named curve");
            }
            String description = ACCEPTED_CURVES.get(curve);
            if (description != null) {
                return description;
            }
            if (WEAK_CURVES.contains(curve)) {
                throw new PkiException(PkiReason.CSR_WEAK_KEY, "EC curve " + curve.getId() + " is too weak");
            }
            throw new PkiException(
                    PkiReason.CSR_UNSUPPORTED_KEY,
                    "EC curve " + curve.getId() + " is not supported (use P-256 or P-384)");
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            RSAPublicKey rsa;
            try {
                rsa = RSAPublicKey.getInstance(keyInfo.parsePublicKey());
            } catch (Exception e) {
                throw new PkiException(PkiReason.CSR_MALFORMED, "RSA public key cannot be decoded");
            }
            int bits = rsa.getModulus().bitLength();
            BigInteger exponent = rsa.getPublicExponent();
            if (bits < MIN_RSA_BITS) {
                throw new PkiException(
                        PkiReason.CSR_WEAK_KEY, "RSA " + bits + " is too weak (minimum " + MIN_RSA_BITS + ")");
            }
            if (bits > MAX_RSA_BITS) {
                throw new PkiException(
                        PkiReason.CSR_UNSUPPORTED_KEY, "RSA " + bits + " exceeds the maximum of " + MAX_RSA_BITS);
            }
            if (exponent.compareTo(BigInteger.valueOf(3)) < 0 || !exponent.testBit(0)) {
                throw new PkiException(PkiReason.CSR_WEAK_KEY, "RSA public exponent is invalid");
            }
            return "RSA " + bits;
        }
        throw new PkiException(
                PkiReason.CSR_UNSUPPORTED_KEY,
                "key algorithm " + algorithm.getId() + " is not supported (use EC P-256, EC P-384 or RSA 2048..8192)");
    }

    private static void verifySignature(PKCS10CertificationRequest csr, PublicKey publicKey) {
        Boolean valid = signatureValid(csr, publicKey, Signatures.PREFERRED);
        if (valid == null && Signatures.PREFERRED != BouncyCastle.PROVIDER) {
            // The preferred provider could not check it at all (not: found it invalid); BouncyCastle decides.
            valid = signatureValid(csr, publicKey, BouncyCastle.PROVIDER);
        }
        if (!Boolean.TRUE.equals(valid)) {
            throw new PkiException(
                    PkiReason.CSR_BAD_SIGNATURE, "CSR signature does not verify (no proof of possession)");
        }
    }

    /** Whether the CSR's signature verifies with {@code provider}, or {@code null} if it could not be checked. */
    private static Boolean signatureValid(
            PKCS10CertificationRequest csr, PublicKey publicKey, java.security.Provider provider) {
        try {
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder()
                    .setProvider(provider)
                    .build(publicKey);
            return csr.isSignatureValid(verifier);
        } catch (Exception e) {
            return null;
        }
    }

    private static String commonName(PKCS10CertificationRequest csr) {
        RDN[] rdns = csr.getSubject().getRDNs(BCStyle.CN);
        if (rdns.length == 0) {
            return null;
        }
        ASN1Encodable value = rdns[0].getFirst().getValue();
        if (value instanceof ASN1String string) {
            return string.getString();
        }
        throw new PkiException(PkiReason.CSR_MALFORMED, "subject CN is not a string");
    }
}
