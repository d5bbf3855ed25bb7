package dev.warden.kms;

import java.util.Locale;

/** The kind of key material, named as in AWS KMS; each spec has exactly one {@link KeyUsage} here. */
public enum KeySpec {
    /** A Tink AES-256-GCM keyset; rotation appends versions. The default, and the spec of every key before V35. */
    SYMMETRIC_DEFAULT(KeyUsage.ENCRYPT_DECRYPT, null),
    /**
     * An ECDSA key pair on NIST P-256 (secp256r1); signatures are ECDSA with SHA-256, DER-encoded. Never rotated: a
     * new signing key is a new key, as AWS does for asymmetric keys, so a verifier's pinned public key stays valid.
     */
    ECC_NIST_P256(KeyUsage.SIGN_VERIFY, "ECDSA_SHA_256");

    private final KeyUsage usage;
    private final String signingAlgorithm;

    KeySpec(KeyUsage usage, String signingAlgorithm) {
        this.usage = usage;
        this.signingAlgorithm = signingAlgorithm;
    }

    public KeyUsage usage() {
        return usage;
    }

    /** The AWS name of the one signing algorithm of a {@link KeyUsage#SIGN_VERIFY} spec; {@code null} otherwise. */
    public String signingAlgorithm() {
        return signingAlgorithm;
    }

    public boolean asymmetric() {
        return this != SYMMETRIC_DEFAULT;
    }

    /**
     * @param text a spec name, any case; {@code null} or blank is {@link #SYMMETRIC_DEFAULT}
     * @throws KmsException {@link KmsReason#INVALID_ARGUMENT} for an unknown spec, naming the known ones
     */
    public static KeySpec parse(String text) {
        if (text == null || text.isBlank()) {
            return SYMMETRIC_DEFAULT;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KmsException(
                    KmsReason.INVALID_ARGUMENT,
                    "unknown key spec '" + text + "'; use " + SYMMETRIC_DEFAULT + " or " + ECC_NIST_P256);
        }
    }
}
