package dev.warden.console.view;

import java.util.List;

/**
 * An incident's page: what it is, who leads it, when it was detected, acknowledged and contained, the phases it may
 * move to (the next first), and a notice of the move just made (only when the incident is in that phase indeed).
 */
public record IncidentView(
        Frame frame,
        long id,
        String title,
        String severity,
        String phase,
        String commander,
        String source,
        String detectedAt,
        String acknowledgedAt,
        String containedAt,
        List<String> nextPhases,
        String notice) {}
