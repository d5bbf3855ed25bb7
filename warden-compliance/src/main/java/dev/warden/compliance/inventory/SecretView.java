package dev.warden.compliance.inventory;

import java.time.Instant;
import java.util.Optional;

/** A secret: when it was created and last rotated (empty: never). Never its value. */
public record SecretView(String arn, String name, Instant createdAt, Optional<Instant> rotatedAt) {
    public Instant lastRotation() {
        return rotatedAt.orElse(createdAt);
    }
}
