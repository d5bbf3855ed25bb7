package dev.warden.compliance.inventory;

import java.time.Instant;

/** When a credential was first and last used, as far back as the audit trail was read. */
public record CredentialUse(Instant first, Instant last) {
    /** Both uses together: the earlier first, the later last. */
    public CredentialUse merge(CredentialUse other) {
        return new CredentialUse(
                first.isBefore(other.first) ? first : other.first, last.isAfter(other.last) ? last : other.last);
    }
}
