package dev.warden.compliance.core;

import java.time.Instant;
import java.util.Map;

/** Open findings by severity at the end of one run: the points of the reports' chart over time. */
public record PostureHistoryPoint(Instant at, Map<Severity, Integer> open) {
    public PostureHistoryPoint {
        open = Map.copyOf(open);
    }
}
