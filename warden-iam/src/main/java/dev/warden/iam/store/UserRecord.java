package dev.warden.iam.store;

import java.time.Instant;

/**
 * A person's account. {@code mfaSecret} is the TOTP seed as KMS ciphertext (base64), never in the clear;
 * {@code recoveryCodes} are SHA-256 hashes, comma-separated. A {@code disabled} user is refused everywhere (login,
 * refresh, access tokens) until enabled again.
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
        Instant createdAt,
        boolean disabled) {
    /** An enabled user. */
    public UserRecord(
            String name,
            String passwordHash,
            String mfaSecret,
            boolean mfaEnabled,
            long mfaLastStep,
            String recoveryCodes,
            int failedLogins,
            Instant lockedUntil,
            Instant createdAt) {
        this(
                name,
                passwordHash,
                mfaSecret,
                mfaEnabled,
                mfaLastStep,
                recoveryCodes,
                failedLogins,
                lockedUntil,
                createdAt,
                false);
    }

    @Override
    public String toString() {
        return "UserRecord{name=" + name + ", mfaEnabled=" + mfaEnabled + ", failedLogins=" + failedLogins
                + ", disabled=" + disabled + "}";
    }
}
