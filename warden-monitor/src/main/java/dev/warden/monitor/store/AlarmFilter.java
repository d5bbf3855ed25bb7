package dev.warden.monitor.store;

import java.util.Optional;

/** Which alarms to list (each filter optional), newest first, at most {@code limit}. */
public record AlarmFilter(
        boolean activeOnly,
        Optional<String> target,
        Optional<String> profile,
        Optional<String> behaviour,
        Optional<String> severity,
        int limit) {
    public static final int MAX_LIMIT = 1_000;

    public AlarmFilter {
        limit = Math.max(1, Math.min(MAX_LIMIT, limit));
    }

    public static AlarmFilter all(int limit) {
        return new AlarmFilter(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }
}
