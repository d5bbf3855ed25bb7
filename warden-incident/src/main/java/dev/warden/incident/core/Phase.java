package dev.warden.incident.core;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.util.Locale;

/**
 * The seed's phases, in the only order an incident moves through them: detected by an alert, triaged by an on-call
 * engineer, communicated (status page and stakeholders), mitigated (fix or rollback applied), recovered (health
 * verified), closed, and reviewed (the post-mortem written). Containment is not a phase: it is an action that may
 * come at any point, timed on its own.
 */
public enum Phase {
    DETECTED,
    TRIAGED,
    COMMUNICATED,
    MITIGATED,
    RECOVERED,
    CLOSED,
    REVIEWED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isAfter(Phase other) {
        return ordinal() > other.ordinal();
    }

    public static Phase parse(String s) {
        for (Phase v : values()) {
            if (v.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return v;
            }
        }
        throw new IncidentException(
                IncidentReason.INVALID_PHASE,
                "a phase is one of detected, triaged, communicated, mitigated, recovered, closed, reviewed");
    }
}
