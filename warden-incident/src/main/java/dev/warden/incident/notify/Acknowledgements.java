package dev.warden.incident.notify;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether someone took an incident on: the escalation chain stops at the first acknowledgement. The incident service
 * answers (triage reached, a commander assigned, or an explicit acknowledgement: its choice); a closed incident should
 * answer with its closing time. Called on the escalation thread; an exception counts as "not acknowledged" (telling
 * one level too many is better than one too few).
 */
@FunctionalInterface
public interface Acknowledgements {
    Optional<Instant> acknowledgedAt(long incidentId);
}
