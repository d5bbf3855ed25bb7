package dev.warden.audit.witness;

/** A witness's answer to one submitted checkpoint. */
public sealed interface WitnessVerdict {
    /**
     * The checkpoint extends the last accepted one.
     *
     * @param trustsNewKey true when the region had no trusted key yet and the submitted one is now trusted
     *                     (trust on first use)
     */
    record Accepted(WitnessedCheckpoint next, boolean trustsNewKey) implements WitnessVerdict {}

    /** Refused: nothing may be stored or signed. */
    record Refused(WitnessReason reason, String message) implements WitnessVerdict {}
}
