package dev.warden.compliance.inventory;

import dev.warden.kms.KeySpec;
import dev.warden.kms.KeyState;
import java.time.Instant;
import java.util.Optional;

/** A KMS key: its spec, its state and when it was created and last rotated (empty: never). */
public record KmsKeyView(
        String arn, String name, KeySpec keySpec, KeyState state, Instant createdAt, Optional<Instant> rotatedAt) {
    /** When its current primary version began: the last rotation, else its creation. */
    public Instant lastRotation() {
        return rotatedAt.orElse(createdAt);
    }
}
