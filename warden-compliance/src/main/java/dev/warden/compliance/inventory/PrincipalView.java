package dev.warden.compliance.inventory;

import java.time.Instant;

/**
 * A principal that is not a person: an admin credential ({@code admin}), a service account ({@code service}) or a
 * role ({@code role}); {@code active} is false for a revoked admin credential.
 */
public record PrincipalView(String type, String id, Instant createdAt, boolean active) {
    public static final String ADMIN = "admin";
    public static final String SERVICE = "service";
    public static final String ROLE = "role";

    /** The bootstrap admin credential the node wrote at its first start. */
    public boolean bootstrap() {
        return ADMIN.equals(type) && id.startsWith("bootstrap-");
    }
}
