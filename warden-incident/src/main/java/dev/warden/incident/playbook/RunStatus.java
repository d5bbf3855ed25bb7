package dev.warden.incident.playbook;

import java.util.Locale;

/** Where a run stands. COMPLETED: every step done or skipped; INCOMPLETE: ended with a step denied, failed or
 * rejected. */
public enum RunStatus {
    RUNNING,
    AWAITING_APPROVAL,
    COMPLETED,
    INCOMPLETE;

    public boolean ended() {
        return this == COMPLETED || this == INCOMPLETE;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
