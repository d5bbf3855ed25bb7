package dev.warden.monitor.store;

import java.util.Optional;

/**
 * Which alarms to list (each filter optional), newest first, at most {@code limit}; with {@code beforeId}, only those
 * older than that alarm (keyset paging: the next page starts below the last id shown, at the same cost at any depth).
 */
public record AlarmFilter(
        boolean activeOnly,
        Optional<String> target,
        Optional<String> profile,
        Optional<String> behaviour,
        Optional<String> severity,
        int limit,
        Optional<Long> beforeId) {
    public static final int MAX_LIMIT = 1_000;

    public AlarmFilter {
        limit = Math.max(1, Math.min(MAX_LIMIT, limit));
        beforeId = beforeId == null ? Optional.empty() : beforeId;
    }

    public AlarmFilter(
            boolean activeOnly,
            Optional<String> target,
            Optional<String> profile,
            Optional<String> behaviour,
            Optional<String> severity,
            int limit) {
        this(activeOnly, target, profile, behaviour, severity, limit, Optional.empty());
    }

    public static AlarmFilter all(int limit) {
        return new AlarmFilter(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }
}
