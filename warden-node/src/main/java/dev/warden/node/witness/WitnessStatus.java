package dev.warden.node.witness;

/**
 * Where delivery to the witness stands, for {@code /health} or metrics.
 *
 * @param lastWitnessedDigestSeq the newest checkpoint the witness cosigned (0: none yet)
 * @param pending                checkpoints waiting to be sent
 * @param dropped                checkpoints dropped from a full queue (a later one's proof covers them)
 * @param refused                checkpoints the witness refused
 * @param lastError              the reason code of the last failure, or {@code null} after a success
 */
public record WitnessStatus(long lastWitnessedDigestSeq, int pending, long dropped, long refused, String lastError) {}
