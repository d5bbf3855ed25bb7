package dev.warden.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Certificate fingerprints as shown to operators and compared against pins. */
public final class Fingerprints {
    private Fingerprints() {}

    /** Lowercase hex SHA-256 over the certificate's DER encoding (64 characters, no separators). */
    public static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot fingerprint certificate", e);
        }
    }
}
