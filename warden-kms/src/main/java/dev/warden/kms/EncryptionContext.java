package dev.warden.kms;

/**
 * What a ciphertext is bound to: the owner whose data key encrypts it (a thing, a bucket, a secret) and the record it
 * belongs to. Both are authenticated with the region, so a ciphertext copied to another record, owner or region
 * fails to decrypt instead of yielding plaintext.
 */
public record EncryptionContext(String owner, String recordId) {
    static final int MAX_LENGTH = 512;

    public EncryptionContext {
        require("owner", owner);
        require("record id", recordId);
    }

    private static void require(String what, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, what + " must have 1 to " + MAX_LENGTH + " characters");
        }
    }

    /** Validates an owner on its own, for operations on all of an owner's data. */
    static void requireOwner(String owner) {
        require("owner", owner);
    }

    public static EncryptionContext of(String owner, String recordId) {
        return new EncryptionContext(owner, recordId);
    }
}
