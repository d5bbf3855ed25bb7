package dev.warden.kms;

/**
 * Receives every KMS and secrets operation, successful or refused, so the server can append it to the audit trail.
 * Called on the caller's thread after the operation; an exception thrown here propagates to the caller, because an
 * operation that cannot be audited must not look successful.
 */
@FunctionalInterface
public interface KmsEvents {
    KmsEvents NONE = event -> {};

    void record(KmsEvent event);
}
