package dev.warden.incident.core;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.util.Locale;

/**
 * Something an incident involves: an affected thing, certificate, principal, region or address, a leaked secret, a
 * rogue CA or a policy made too permissive, a linked alarm or finding, or a participant (an IAM principal working on
 * it).
 */
public record Member(Kind kind, String value) {
    public enum Kind {
        THING,
        CERTIFICATE,
        PRINCIPAL,
        REGION,
        ADDRESS,
        SECRET,
        CA,
        POLICY,
        ALARM,
        FINDING,
        PARTICIPANT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.id().equals(s)) {
                    return k;
                }
            }
            throw new IncidentException(IncidentReason.INVALID_INCIDENT, "unknown member kind: " + s);
        }
    }

    public Member {
        if (value == null || value.isBlank() || value.length() > 512) {
            throw new IncidentException(IncidentReason.INVALID_INCIDENT, "a " + kind.id() + " is 1-512 characters");
        }
    }
}
