package dev.warden.kms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The public half of a {@link KeyUsage#SIGN_VERIFY} key: safe to hand to anyone, so that signatures can be checked
 * without the KMS (openssl, the JDK, a device).
 *
 * @param keyArn the key's ARN
 * @param spki   DER X.509 SubjectPublicKeyInfo (copied in and out)
 */
public record KmsPublicKey(String keyArn, KeySpec keySpec, KeyUsage keyUsage, byte[] spki) {
    public KmsPublicKey {
        Objects.requireNonNull(keyArn, "keyArn");
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(keyUsage, "keyUsage");
        spki = spki.clone();
    }

    @Override
    public byte[] spki() {
        return spki.clone();
    }

    /** The AWS name of the algorithm its signatures use, e.g. {@code ECDSA_SHA_256}. */
    public String signingAlgorithm() {
        return keySpec.signingAlgorithm();
    }

    /** {@code -----BEGIN PUBLIC KEY-----} PEM (RFC 7468), the form {@code openssl} reads. */
    public String pem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(spki);
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** The key as a JDK {@link PublicKey}, e.g. for {@code Signature.getInstance("SHA256withECDSA")}. */
    public PublicKey toPublicKey() {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new KmsException(
                    KmsReason.INTERNAL,
                    "cannot decode the public key (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KmsPublicKey other
                && keyArn.equals(other.keyArn)
                && keySpec == other.keySpec
                && keyUsage == other.keyUsage
                && Arrays.equals(spki, other.spki);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyArn, keySpec, keyUsage, Arrays.hashCode(spki));
    }

    @Override
    public String toString() {
        return "KmsPublicKey[" + keyArn + ", " + keySpec + "]";
    }
}
