package dev.warden.kms;

import java.util.Objects;

/**
 * One signing key of the KMS as a signer: its ARN, its public key, and {@link #sign}. What later code (a TUF
 * repository signing its metadata) holds instead of the key: it can sign and publish the public key, never read the
 * private key, and every signature is a {@code kms:Sign} operation in the audit trail.
 *
 * <p>Thread-safe. The public key is read once, when the signer is opened; each {@link #sign} goes to the KMS, so a
 * key scheduled for deletion afterwards stops signing at once.
 */
public final class KmsSigningKey {
    private final KeyManagementService kms;
    private final KmsPublicKey publicKey;

    private KmsSigningKey(KeyManagementService kms, KmsPublicKey publicKey) {
        this.kms = kms;
        this.publicKey = publicKey;
    }

    /**
     * Opens the signing key {@code keyRef} (a name or ARN of this region); reading its public key is a
     * {@code kms:GetPublicKey} operation.
     *
     * @throws KmsException {@link KmsReason#INVALID_KEY_USAGE} if it is not a signing key, or any refusal of
     *                      {@link KeyManagementService#publicKey}
     */
    public static KmsSigningKey open(KeyManagementService kms, String keyRef) {
        Objects.requireNonNull(kms, "kms");
        return new KmsSigningKey(kms, kms.publicKey(keyRef));
    }

    /** The key's ARN: {@link #sign} names the key by it, so the signer stays on the key it was opened with. */
    public String keyArn() {
        return publicKey.keyArn();
    }

    public KeySpec keySpec() {
        return publicKey.keySpec();
    }

    /** E.g. {@code ECDSA_SHA_256}. */
    public String signingAlgorithm() {
        return publicKey.signingAlgorithm();
    }

    public KmsPublicKey publicKey() {
        return publicKey;
    }

    /**
     * ECDSA-SHA256 over {@code message}, DER-encoded, by the KMS.
     *
     * @throws KmsException the refusals of {@link KeyManagementService#sign}
     */
    public byte[] sign(byte[] message) {
        return kms.sign(publicKey.keyArn(), message);
    }

    @Override
    public String toString() {
        return "KmsSigningKey[" + publicKey.keyArn() + "]";
    }
}
