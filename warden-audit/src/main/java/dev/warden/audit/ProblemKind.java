package dev.warden.audit;

/** What kind of break the verifier found. */
public enum ProblemKind {
    /** An event's content does not hash to its recorded link: a field was edited (or the event forged). */
    MODIFIED,
    /** Events are missing: a gap in the sequence, or an event that chains to a hash no longer present. */
    DELETED,
    /** An event sits in the chain that the chain never contained. */
    INSERTED,
    /** Two events swapped places. */
    REORDERED,
    /** A sequence number appears twice or goes backwards. */
    OUT_OF_ORDER,
    /** A signed digest covers events that are no longer there: the tail was cut off. */
    TRUNCATED,
    /** The recomputed chain head differs from what a digest signed: the chain was rewritten. */
    DIGEST_MISMATCH,
    /** A digest's signature is not valid for the given public key. */
    DIGEST_SIGNATURE_INVALID,
    /** A digest is missing from the digest chain, or does not chain to its predecessor. */
    DIGEST_CHAIN_BROKEN,
    /** The trail holds no event although a node writes one at its first start: every event was deleted. */
    EMPTY_TRAIL,
    /** Events after the last signed checkpoint, older than the node would have left them unsigned. */
    UNSIGNED_TAIL,
    /** A trusted checkpoint or anchored head lies beyond the end of the trail: the tail was cut off. */
    SHORTER_THAN_ANCHOR,
    /** The trail has a different checkpoint or hash where a trusted anchor recorded one: it was rewritten. */
    DIVERGES_FROM_ANCHOR,
    /** A stored row or anchor record that cannot be read as one (reported by kind and position). */
    MALFORMED,
    /** A witness's countersignature in the anchor is not signed by a witness key the verifier trusts. */
    COSIGNATURE_INVALID,
    /** The node found events it had not written and set them aside (recorded in the trail as audit:TrailTampered). */
    TAMPERING_RECORDED
}
