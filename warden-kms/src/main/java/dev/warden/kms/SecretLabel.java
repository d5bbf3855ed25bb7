package dev.warden.kms;

/** Staging labels of secret versions; each labels at most one version of a secret. */
public enum SecretLabel {
    /** The value clients use. Every secret that has a value has exactly one CURRENT version. */
    CURRENT,
    /** The CURRENT version before the last put or rotation, kept so a rollback or a lagging client still works. */
    PREVIOUS,
    /** A rotation's candidate, not yet proven; promoted to CURRENT when the rotation finishes. */
    PENDING
}
