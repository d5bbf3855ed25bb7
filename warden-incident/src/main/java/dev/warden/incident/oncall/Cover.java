package dev.warden.incident.oncall;

import java.time.Instant;

/** An override: someone covering a schedule from {@code from} (inclusive) to {@code to} (exclusive), whoever the rotation says. */
public record Cover(Participant participant, Instant from, Instant to) {
    public Cover {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("an override ends after it starts");
        }
    }

    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }
}
