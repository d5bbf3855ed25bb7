package dev.warden.kms;

import java.time.Instant;

/** A row of {@code kms_secrets}. {@code secretId} is fresh per secret, so a re-created name gets a new data key. */
record SecretRow(String region, String name, String arn, String secretId, String keyArn, String description,
                 Instant createdAt, Instant updatedAt, Instant rotatedAt) {
    /** The data-key owner of this secret's values. */
    String owner() {
        return "secret:" + secretId;
    }
}
