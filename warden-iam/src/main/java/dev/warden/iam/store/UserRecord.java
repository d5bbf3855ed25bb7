package dev.warden.iam.store;

import java.time.Instant;

/**
 * A person's account. {@code mfaSecret} is the TOTP seed as KMS ciphertext (base64), never in the clear;
 * {@code recoveryCodes} are SHA-256 hashes, comma-separated.
 */
public record UserRecord(
        String name,
        String passwordHash,
        String mfaSecret,
        boolean mfaEnabled,
        long mfaLastStep,
        String recoveryCodes,
        int failedLogins,
        Instant lockedUntil,
        Instant createdAt) {
    @Override
    public String toString() {
        return "UserRecord{name=" + name + ", mfaEnabled=" + mfaEnabled + ", failedLogins=" + failedLogins + "}";
    }
}
