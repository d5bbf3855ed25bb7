package dev.warden.tuf;

/**
 * Machine-readable cause of a {@link TufException}: stable, safe to log and to report to a device's owner. Each one
 * names the attack or fault the TUF specification (1.0, section 5) tells a client to report.
 */
public enum TufReason {
    /** Not metadata this module accepts: bad JSON, a wrong type, a missing field, an unsupported spec_version. */
    MALFORMED,
    /** A file the workflow needs is not available: no trusted root, no timestamp.json, a role absent from snapshot. */
    MISSING,
    /** Signed only by keys the delegating role does not authorize (for instance a key revoked by a new root). */
    UNKNOWN_KEY,
    /** A signature by an authorized key does not verify: the signed content was changed, or the signature is bad. */
    BAD_SIGNATURE,
    /** Some authorized keys signed, but fewer distinct ones than the role's threshold. */
    THRESHOLD_NOT_MET,
    /** A version lower than the one already trusted (rollback attack, spec 5.3.5, 5.4.3, 5.5.5). */
    ROLLBACK,
    /** Metadata whose expiry is not after the update's start time (freeze attack). */
    EXPIRED,
    /** A version other than the one the referring metadata names (mix-and-match attack). */
    VERSION_MISMATCH,
    /** A file whose length differs from the length its referring metadata names. */
    LENGTH_MISMATCH,
    /** A file whose hash differs from a hash its referring metadata lists, or a hash that cannot be checked. */
    HASH_MISMATCH,
    /** No trusted targets metadata describes the requested target path. */
    UNKNOWN_TARGET,
    /** A file longer than the client's limit for it (endless data attack). */
    TOO_LARGE,
    /** A signer returned a signature that does not verify under its own public key; nothing was written. */
    SIGNING_FAILED
}
