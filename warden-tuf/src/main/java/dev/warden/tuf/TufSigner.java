package dev.warden.tuf;

/**
 * Signs metadata with one key that never leaves its holder: the node implements it with a KMS key (ECDSA P-256, not
 * exportable), tests with a key pair of their own.
 */
public interface TufSigner {
    /** The public key, as it is listed in root or delegations metadata. */
    TufKey key();

    /**
     * Signs {@code message} (the canonical JSON of a {@code signed} object) with ECDSA P-256 and SHA-256.
     *
     * @return the DER-encoded signature (ASN.1 SEQUENCE of r and s), not the raw r||s form
     */
    byte[] sign(byte[] message);
}
