package dev.warden.kms;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.EcdsaParameters;
import com.google.crypto.tink.signature.EcdsaPublicKey;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The Tink calls for {@link KeySpec#ECC_NIST_P256} keys, in one place: generating the key pair, signing, verifying,
 * and the public key as X.509 SubjectPublicKeyInfo. The private key stays inside a Tink keyset; only the public point
 * is ever handed to the JDK, to encode it.
 *
 * <p>No output prefix ({@link EcdsaParameters.Variant#NO_PREFIX}) and DER encoding: a signature is exactly what
 * {@code openssl dgst -sha256 -verify} and the JDK's {@code SHA256withECDSA} check, with nothing Tink-specific.
 */
final class EcdsaKeys {
    private static final EcdsaParameters P256_SHA256_DER = parameters();

    static {
        TinkKeys.ensureRegistered();
    }

    private EcdsaKeys() {}

    /** A fresh keyset holding one ECDSA P-256 private key. */
    static KeysetHandle newP256() {
        try {
            return KeysetHandle.generateNew(P256_SHA256_DER);
        } catch (GeneralSecurityException e) {
            throw internal("cannot generate an ECDSA P-256 key", e);
        }
    }

    /** ECDSA with SHA-256 over {@code message}, DER-encoded. */
    static byte[] sign(KeysetHandle privateKeyset, byte[] message) {
        try {
            return privateKeyset
                    .getPrimitive(RegistryConfiguration.get(), PublicKeySign.class)
                    .sign(message);
        } catch (GeneralSecurityException e) {
            throw internal("signing failed", e);
        }
    }

    /** Whether {@code signature} is a valid DER ECDSA-SHA256 signature of {@code message} under the keyset's key. */
    static boolean verifies(KeysetHandle privateKeyset, byte[] message, byte[] signature) {
        PublicKeyVerify verifier;
        try {
            verifier = privateKeyset
                    .getPublicKeysetHandle()
                    .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
        } catch (GeneralSecurityException e) {
            throw internal("cannot use a keyset for verification", e);
        }
        try {
            verifier.verify(signature, message);
            return true;
        } catch (GeneralSecurityException e) {
            // Tink says only "invalid signature" (wrong value, malformed DER, wrong length): all the same answer.
            return false;
        }
    }

    /**
     * Whether {@code signature} is a valid DER ECDSA-SHA256 signature of {@code message} under the P-256 public key
     * {@code spki} (X.509 SubjectPublicKeyInfo): the check for keys whose private half is in the HSM. Through the
     * JDK, which rejects malformed DER, points off the curve and out-of-range values as invalid signatures.
     */
    static boolean verifies(byte[] spki, byte[] message, byte[] signature) {
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw internal("cannot decode a stored public key", e);
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw internal("cannot verify", e);
        }
    }

    /** The key pair's public key as DER X.509 SubjectPublicKeyInfo (id-ecPublicKey, named curve prime256v1). */
    static byte[] subjectPublicKeyInfo(KeysetHandle privateKeyset) {
        try {
            EcdsaPublicKey key = (EcdsaPublicKey)
                    privateKeyset.getPublicKeysetHandle().getPrimary().getKey();
            if (!P256_SHA256_DER.equals(key.getParameters())) {
                throw new KmsException(KmsReason.INTERNAL, "the keyset is not an ECDSA P-256 key");
            }
            AlgorithmParameters curve = AlgorithmParameters.getInstance("EC");
            curve.init(new ECGenParameterSpec("secp256r1"));
            ECPublicKeySpec spec =
                    new ECPublicKeySpec(key.getPublicPoint(), curve.getParameterSpec(ECParameterSpec.class));
            return KeyFactory.getInstance("EC").generatePublic(spec).getEncoded();
        } catch (GeneralSecurityException | ClassCastException e) {
            throw internal("cannot encode the public key", e);
        }
    }

    private static EcdsaParameters parameters() {
        try {
            return EcdsaParameters.builder()
                    .setCurveType(EcdsaParameters.CurveType.NIST_P256)
                    .setHashType(EcdsaParameters.HashType.SHA256)
                    .setSignatureEncoding(EcdsaParameters.SignatureEncoding.DER)
                    .setVariant(EcdsaParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(
                    "ECDSA parameters: " + e.getClass().getSimpleName());
        }
    }

    private static KmsException internal(String what, Exception e) {
        // Only the exception type: never a message that could carry key bytes.
        return new KmsException(KmsReason.INTERNAL, what + " (" + e.getClass().getSimpleName() + ")");
    }
}
