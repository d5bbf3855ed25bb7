package dev.warden.kms;

/** Lifecycle of a key-encryption key. Only {@link #ENABLED} keys encrypt or decrypt. */
public enum KeyState {
    ENABLED,
    /** Scheduled for deletion: refuses encrypt and decrypt, can still be cancelled before its deletion date. */
    PENDING_DELETION,
    /** Past its deletion date: unusable forever; {@link KeyManagementService#purgeDueDeletions()} wipes its keyset. */
    DELETED
}
