package dev.warden.audit.witness;

/** Why a witness refused a checkpoint; the name is the API's error code. */
public enum WitnessReason {
    /** The checkpoint is version 1 (no Merkle root): nothing to prove consistency against. */
    WITNESS_UNSUPPORTED_VERSION,
    /** The key id does not name the submitted key, or the key is not the one trusted for the region. */
    WITNESS_UNKNOWN_KEY,
    /** The signature is not a valid ECDSA P-256 signature by the submitted key. */
    WITNESS_BAD_SIGNATURE,
    /** The witness already accepted this checkpoint or a later one. */
    WITNESS_STALE,
    /** The chain epoch went backwards. */
    WITNESS_EPOCH_REGRESSED,
    /** The new tree does not provably extend the last accepted one (or the digest chain does not link). */
    WITNESS_NOT_CONSISTENT
}
