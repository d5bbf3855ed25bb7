package dev.warden.compliance.store;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.StoredFinding;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored suppression: it sets aside the findings of {@code check} (any check when empty) on {@code resource}
 * until {@code until}. The resource is exact, or a pattern in which {@code *} stands for any characters.
 *
 * @param findingId the finding it was made from, if it was made from one (a later occurrence of the same check on
 *                  the same resource is suppressed too: the operator accepted that resource's finding, not a row)
 * @param baseline  taken by "accept what exists today"
 */
public record SuppressionRule(
        long id,
        Optional<Long> findingId,
        Optional<CheckId> check,
        String resource,
        String reason,
        String owner,
        Instant until,
        boolean baseline,
        Instant createdAt) {

    public boolean activeAt(Instant now) {
        return until.isAfter(now);
    }

    /** Whether this suppression, in force at {@code now}, sets {@code finding} aside. */
    public boolean matches(Finding finding, Instant now) {
        return activeAt(now)
                && check.map(c -> c == finding.check()).orElse(true)
                && ResourcePattern.matches(resource, finding.resourceArn());
    }

    /** The part of the rule a stored finding shows. */
    public StoredFinding.Suppression view() {
        return new StoredFinding.Suppression(id, reason, owner, until, baseline);
    }
}
