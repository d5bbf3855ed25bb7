package dev.warden.incident.oncall;

import java.time.Instant;

/**
 * Who is on call at an instant, and why: the rotation (or {@code override}) that put them there, and the turn they are
 * in: from the handoff that started it to the one that ends it (for an override, its own bounds).
 */
public record OnCall(String schedule, String source, Participant participant, Instant turnStart, Instant turnEnd) {
    public static final String OVERRIDE = "override";

    public String principal() {
        return participant.principal();
    }

    public Contact contact() {
        return participant.contact();
    }
}
