package dev.warden.registry.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A provisioning claim: a claim certificate or an enrollment token that can do nothing but exchange a CSR for a
 * device certificate through one template. Only the SHA-256 of a token is stored.
 *
 * @param maxUses {@code null} for unlimited (multi-use), else the number of registrations allowed
 */
public record Claim(
        String name,
        Kind kind,
        String templateName,
        Status status,
        String tokenHash,
        Integer maxUses,
        int uses,
        Instant expiresAt,
        Instant createdAt) {
    public enum Kind {
        CERTIFICATE,
        TOKEN
    }

    public enum Status {
        ACTIVE,
        INACTIVE
    }

    public Claim {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(templateName, "templateName");
        Objects.requireNonNull(status, "status");
    }

    /** Whether this claim may register one more device at {@code now}. */
    public boolean usableAt(Instant now) {
        return status == Status.ACTIVE
                && (expiresAt == null || now.isBefore(expiresAt))
                && (maxUses == null || uses < maxUses);
    }
}
