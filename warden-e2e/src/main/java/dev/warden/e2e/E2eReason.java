package dev.warden.e2e;

/** Why a payload could not be sealed or opened. */
public enum E2eReason {
    /** The bytes are not a sealed envelope (a plaintext payload where a sealed one was expected). */
    NOT_SEALED,
    /** Sealed to a key this recipient does not hold (any more): a retired key, or another recipient's. */
    UNKNOWN_OR_RETIRED_KEY,
    /** The envelope fails authentication: altered, or moved to another topic or message id. */
    TAMPERED,
    /** A keyset that is not a recipient keyset of this scheme (or a public one where the private one is needed). */
    INVALID_KEYSET,
    /** A recipient name that is not 1-64 characters of A-Z a-z 0-9 _ . - */
    INVALID_NAME,
    NO_SUCH_RECIPIENT
}
