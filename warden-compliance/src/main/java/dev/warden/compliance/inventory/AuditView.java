package dev.warden.compliance.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail's state: when the last signed checkpoint was made, and what the incremental verification of the
 * chain found (no problem: intact).
 *
 * @param trailStarted  when the trail's first stored event was recorded (empty: no event yet)
 * @param eventsChecked how many events this verification read (those since the previous one)
 */
public record AuditView(
        Optional<Instant> lastCheckpoint, Optional<Instant> trailStarted, List<String> problems, long eventsChecked) {
    public AuditView {
        problems = List.copyOf(problems);
    }
}
