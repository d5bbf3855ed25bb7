package dev.warden.incident.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the public status page shows: the region it speaks for, the incidents the caller chose (those updated within
 * its window, e.g. the last 7 days: none means all systems operational), and when it was rendered.
 */
public record StatusPageInput(String region, List<PublicIncident> incidents, Instant generatedAt) {
    public StatusPageInput {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(generatedAt, "generatedAt");
        incidents = List.copyOf(incidents);
    }
}
