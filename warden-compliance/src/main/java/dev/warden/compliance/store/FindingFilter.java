package dev.warden.compliance.store;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Severity;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which findings to list: of these statuses (open and suppressed unless asked otherwise), of one severity, of some
 * checks (a framework's), at most {@code limit}.
 */
public record FindingFilter(
        Set<FindingStatus> statuses, Optional<Severity> severity, Optional<Set<CheckId>> checks, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public FindingFilter {
        statuses = statuses.isEmpty() ? active() : EnumSet.copyOf(statuses);
        checks = checks.map(Set::copyOf);
        limit = Math.max(1, Math.min(limit, MAX_LIMIT));
    }

    /** Open and suppressed: what is true now. */
    public static Set<FindingStatus> active() {
        return EnumSet.of(FindingStatus.OPEN, FindingStatus.SUPPRESSED);
    }

    public static FindingFilter activeOnly() {
        return new FindingFilter(active(), Optional.empty(), Optional.empty(), MAX_LIMIT);
    }
}
