package dev.warden.incident.playbook;

import java.util.Locale;

/** Where a step of a run stands. The last five are final: a final step is never run again. */
public enum StepState {
    /** Not reached yet. */
    PENDING,
    /** Reached; waits for a person's approval or rejection. */
    AWAITING_APPROVAL,
    /** Being carried out (a node stopped in this state retries it at start: every operation is idempotent). */
    RUNNING,
    DONE,
    /** Reached, but it had no target. */
    SKIPPED,
    /** The playbook's role does not allow it on one of its targets: nothing was done. */
    DENIED,
    FAILED,
    /** A person rejected it: nothing was done. */
    REJECTED;

    public boolean isFinal() {
        return ordinal() >= DONE.ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
