package dev.warden.kms;

/** Why a key-management or secrets operation was refused. Stable codes, safe to show to API clients and the audit trail. */
public enum KmsReason {
    /** The master key file could not be decrypted: wrong passphrase or a tampered file. */
    WRONG_PASSPHRASE,
    /** The master key cannot be loaded or used (missing or insecure file, unreadable format, HSM down). */
    MASTER_KEY_UNAVAILABLE,
    /** A parameter is malformed or out of its allowed range. */
    INVALID_ARGUMENT,
    /** The operation does not apply to the current state (e.g. cancelling a deletion that is not pending). */
    INVALID_STATE,
    KEY_NOT_FOUND,
    ALREADY_EXISTS,
    /** The key is scheduled for deletion; it neither encrypts nor decrypts until the deletion is cancelled. */
    KEY_PENDING_DELETION,
    /** The key's deletion date has passed; everything encrypted under it is unrecoverable. */
    KEY_DELETED,
    /** The owner's data keys were destroyed (crypto-shredding); its records are unrecoverable. */
    KEY_DESTROYED,
    /** Authenticated decryption failed: the ciphertext was altered, truncated or is not a Warden ciphertext. */
    DECRYPTION_FAILED,
    /** The ciphertext belongs to another owner or record than the one it is being decrypted for. */
    WRONG_CONTEXT,
    /** The ciphertext was produced in a region this node holds no keys for. */
    WRONG_REGION,
    SECRET_NOT_FOUND,
    /**
     * The key's {@link KeyUsage} does not allow the operation: signing with an encryption key, or encrypting (or
     * anything of envelope encryption) with a signing key.
     */
    INVALID_KEY_USAGE,
    /** The operation does not exist for this kind of key (e.g. rotating an asymmetric key, which AWS refuses too). */
    UNSUPPORTED_OPERATION,
    /** The signature does not verify under the key for this message (altered message or signature, another key). */
    INVALID_SIGNATURE,
    /** A key of origin {@link KeyOrigin#HSM} was asked of a node that has no HSM configured. */
    HSM_NOT_CONFIGURED,
    /** The node's HSM failed (token absent, logged out, object missing); nothing was changed. */
    HSM_UNAVAILABLE,
    /** A rotation step failed; the CURRENT version is unchanged and a retry resumes the rotation. */
    ROTATION_FAILED,
    /** An unexpected failure; details are in the server log, never in the message. */
    INTERNAL
}
