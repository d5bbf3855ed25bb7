package dev.warden.tuf;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * ECDSA on NIST P-256 with SHA-256, the one signature scheme Warden's TUF repositories use ({@code
 * ecdsa-sha2-nistp256}), with the public key as a PEM SubjectPublicKeyInfo and signatures in DER: what
 * securesystemslib writes and what tuf-js verifies (Node's {@code crypto.verify} reads ECDSA signatures as DER).
 */
final class EcdsaP256 {
    static final String KEY_TYPE = "ecdsa";
    static final String SCHEME = "ecdsa-sha2-nistp256";

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    private static final ECParameterSpec P256 = p256();

    private EcdsaP256() {}

    /**
     * The PEM text securesystemslib writes (the Python cryptography library's SubjectPublicKeyInfo PEM): 64 base64
     * characters a line, LF line ends, a final LF. The key id hashes this text, so any other wrapping would give the
     * same key another id.
     */
    static String pem(PublicKey key) {
        if (!isP256(key)) {
            throw new IllegalArgumentException("not an ECDSA P-256 public key");
        }
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return BEGIN + "\n" + body + "\n" + END + "\n";
    }

    /** The key in a PEM text, or empty when the text is not a P-256 public key. */
    static Optional<ECPublicKey> parsePem(String pem) {
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            return Optional.empty();
        }
        String body =
                text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            return isP256(key) ? Optional.of((ECPublicKey) key) : Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    static boolean verify(ECPublicKey key, byte[] message, byte[] derSignature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(derSignature);
        } catch (SignatureException e) {
            // Not a DER signature at all (a raw r||s, say): a signature that does not verify.
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA256withECDSA", e);
        }
    }

    static boolean isP256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) {
            return false;
        }
        ECParameterSpec params = ec.getParams();
        return params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder())
                && params.getCofactor() == P256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no secp256r1", e);
        }
    }
}
