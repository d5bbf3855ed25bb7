package dev.warden.kms;

/**
 * What a key may be used for, as in AWS KMS. Fixed at creation by its {@link KeySpec}: a key never changes usage, so
 * a signature key can never be made to encrypt (or the reverse) by a later call.
 */
public enum KeyUsage {
    /** Envelope encryption: encrypt, decrypt, re-encrypt, data keys. Every symmetric key. */
    ENCRYPT_DECRYPT,
    /** Signing and verifying; the private key never leaves the KMS, its public key may be read by anyone allowed. */
    SIGN_VERIFY
}
