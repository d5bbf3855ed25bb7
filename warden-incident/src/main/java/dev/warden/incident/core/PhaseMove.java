package dev.warden.incident.core;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;

/**
 * Which moves between phases are allowed: only forward, any number of phases at once (the skipped ones count as
 * reached), and to {@code reviewed} only from {@code closed}, since a post-mortem reviews a finished incident.
 */
public final class PhaseMove {
    private PhaseMove() {}

    public static void check(Phase current, Phase target) {
        if (!target.isAfter(current)) {
            throw new IncidentException(
                    IncidentReason.PHASE_ORDER,
                    "the incident is " + current.id() + " already; phases only move forward (not to " + target.id()
                            + ")");
        }
        if (target == Phase.REVIEWED && current != Phase.CLOSED) {
            throw new IncidentException(
                    IncidentReason.PHASE_ORDER,
                    "an incident is reviewed after it is closed (it is " + current.id() + ")");
        }
    }
}
