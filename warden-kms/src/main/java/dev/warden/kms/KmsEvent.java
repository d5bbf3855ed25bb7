package dev.warden.kms;

import java.time.Instant;

/**
 * One KMS or secrets operation, as the audit trail sees it. Never carries plaintext, secret values or key material.
 *
 * @param operation e.g. {@code kms:Encrypt}, {@code secrets:GetSecretValue}
 * @param keyArn    the key used, or the reference given when it could not be resolved; {@code null} if none
 * @param subject   the data owner or secret name, {@code null} if none
 * @param failure   {@code null} on success, else why it was refused
 */
public record KmsEvent(Instant at, String region, String operation, String keyArn, String subject, KmsReason failure) {
    public boolean succeeded() {
        return failure == null;
    }
}
