package dev.warden.kms.store;

import java.time.Instant;

/** A row of {@code kms_secrets}. {@code secretId} is fresh per secret, so a re-created name gets a new data key. */
public record SecretRow(
        String region,
        String name,
        String arn,
        String secretId,
        String keyArn,
        String description,
        Instant createdAt,
        Instant updatedAt,
        Instant rotatedAt) {
    /** The data-key owner of this secret's values. */
    public String owner() {
        return "secret:" + secretId;
    }
}
