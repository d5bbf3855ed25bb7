package dev.warden.incident.service;

import dev.warden.incident.core.Severity;
import java.util.Map;

/** The node's incident figures for its metrics: open ones by severity, and totals that only grow. */
public record IncidentCounts(Map<Severity, Long> openBySeverity, long opened, long contained, long breaches) {
    public IncidentCounts {
        openBySeverity = Map.copyOf(openBySeverity);
    }
}
