package dev.warden.incident.core;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.util.Locale;

/** How bad an incident is, sev1 (the worst: a fleet-wide or data-exposing compromise) to sev4. */
public enum Severity {
    SEV1,
    SEV2,
    SEV3,
    SEV4;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String s) {
        for (Severity v : values()) {
            if (v.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return v;
            }
        }
        throw new IncidentException(IncidentReason.INVALID_SEVERITY, "a severity is one of sev1, sev2, sev3, sev4");
    }
}
