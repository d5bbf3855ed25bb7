package dev.warden.compliance.inventory;

import java.time.Instant;

/** A service account's API key (never its value: only what the node stores about it). */
public record ApiKeyView(String id, String account, Instant createdAt, Instant expiresAt, boolean revoked) {
    public boolean usableAt(Instant now) {
        return !revoked && expiresAt.isAfter(now);
    }
}
