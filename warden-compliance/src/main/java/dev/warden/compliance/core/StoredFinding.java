package dev.warden.compliance.core;

import java.time.Instant;
import java.util.Optional;

/**
 * A finding as the node keeps it: its id, lifecycle and times, and the suppression that sets it aside, if any
 * (its reason, owner and expiry).
 */
public record StoredFinding(
        long id,
        Finding finding,
        FindingStatus status,
        Instant firstSeen,
        Instant lastSeen,
        Optional<Instant> resolvedAt,
        Optional<Suppression> suppression) {

    /** Why, by whom and until when a finding is set aside; {@code baseline} when taken as "accepted today". */
    public record Suppression(long id, String reason, String owner, Instant until, boolean baseline) {}
}
