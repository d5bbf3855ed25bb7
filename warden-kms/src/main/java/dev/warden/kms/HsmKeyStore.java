package dev.warden.kms;

/**
 * The node's HSM as the KMS sees it: it makes ECDSA P-256 key pairs inside the token, signs with them there and
 * destroys them; it never hands out a private key. Implemented over PKCS#11 by
 * {@link dev.warden.kms.hsm.Pkcs11HsmKeyStore}; {@link #NONE} is the node without an HSM, which refuses everything
 * with {@link KmsReason#HSM_NOT_CONFIGURED}.
 *
 * <p>Every method throws {@link KmsException}: {@link KmsReason#HSM_UNAVAILABLE} when the token fails, with a
 * message that names the token but never its PIN.
 */
public interface HsmKeyStore {
    /**
     * Generates a sensitive, non-extractable P-256 key pair in the token under {@code label}.
     *
     * @param purpose a human-readable description kept with the token object
     * @return the public key, DER X.509 SubjectPublicKeyInfo
     */
    byte[] generateP256(String label, String purpose);

    /** ECDSA with SHA-256 over {@code message} by the token key {@code label}, DER-encoded. */
    byte[] sign(String label, byte[] message);

    /** Destroys the token object {@code label}; a label that no longer exists is not an error. */
    void destroy(String label);

    /** Which HSM this is, for messages (never a PIN). */
    String describe();

    /** A node without an HSM. */
    HsmKeyStore NONE = new HsmKeyStore() {
        @Override
        public byte[] generateP256(String label, String purpose) {
            throw notConfigured();
        }

        @Override
        public byte[] sign(String label, byte[] message) {
            throw notConfigured();
        }

        @Override
        public void destroy(String label) {
            throw notConfigured();
        }

        @Override
        public String describe() {
            return "no HSM";
        }

        private KmsException notConfigured() {
            return new KmsException(
                    KmsReason.HSM_NOT_CONFIGURED,
                    "this node has no HSM configured (set hsm to a pkcs11: URI) for keys of origin HSM");
        }
    };
}
