package dev.warden.kms;

/** Lifecycle of a key of either spec. Only {@link #ENABLED} keys encrypt, decrypt, sign or verify. */
public enum KeyState {
    ENABLED,
    /** Scheduled for deletion: refuses every use, can still be cancelled before its deletion date. */
    PENDING_DELETION,
    /** Past its deletion date: unusable forever; {@link KeyManagementService#purgeDueDeletions()} wipes its keyset. */
    DELETED
}
