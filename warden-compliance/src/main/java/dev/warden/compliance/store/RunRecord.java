package dev.warden.compliance.store;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.PostureHistoryPoint;
import dev.warden.compliance.core.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One run: when it started, what triggered it ({@code change}, {@code scheduled}, {@code manual}, {@code fix}),
 * which checks it evaluated and which of them failed (their findings were left untouched), how long it took, what it
 * opened and resolved, and the open findings by severity afterwards.
 */
public record RunRecord(
        long id,
        Instant startedAt,
        String trigger,
        List<CheckId> checks,
        List<CheckId> failed,
        Duration duration,
        int opened,
        int resolved,
        Map<Severity, Integer> open) {

    public RunRecord {
        checks = List.copyOf(checks);
        failed = List.copyOf(failed);
        Map<Severity, Integer> all = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            all.put(s, open.getOrDefault(s, 0));
        }
        open = java.util.Collections.unmodifiableMap(all);
    }

    /** The point of the reports' chart this run left: open findings by severity when it ended. */
    public PostureHistoryPoint historyPoint() {
        return new PostureHistoryPoint(startedAt.plus(duration), open);
    }
}
