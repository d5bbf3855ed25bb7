package dev.warden.region;

/** Why a region operation was refused; {@code warden-api} maps each to an HTTP status. */
public enum RegionReason {
    /** The node runs without region links ({@code region-links: off}). */
    LINKS_DISABLED,
    /** A request that is not well formed (a missing field, a bad region name or URL). */
    INVALID_REQUEST,
    /** A join token that cannot be read. */
    JOIN_TOKEN_MALFORMED,
    /** A join token that is unknown, used, expired, or made for another region. */
    JOIN_TOKEN_INVALID,
    /** Only the control region may do this (make join tokens, change IAM). */
    NOT_CONTROL_REGION,
    /** This node is already part of a deployment. */
    ALREADY_IN_DEPLOYMENT,
    /** This node is not part of a deployment. */
    NOT_IN_DEPLOYMENT,
    /** A region of that name is already a member. */
    REGION_NAME_TAKEN,
    /** No member region of that name. */
    UNKNOWN_REGION,
    /** A link caller whose certificate is not a member region's node certificate. */
    PEER_NOT_MEMBER,
    /** The peer region could not be reached over its link. */
    LINK_UNAVAILABLE,
    /**
     * The link broke after the request had been sent: the peer may have carried it out. A caller checks before it
     * repeats a change that is not idempotent.
     */
    LINK_OUTCOME_UNKNOWN,
    /** The peer region refused a link call. */
    LINK_REFUSED,
    /** A replicated change that does not follow the last one applied. */
    CHANGE_OUT_OF_ORDER,
    /** A replicated change whose hash or signature does not verify. */
    CHANGE_TAMPERED,
    /** IAM is changed only in the control region; a member region's copy is read-only. */
    IAM_READ_ONLY_REGION,
    /**
     * A replicated global policy or thing group has the name of one this member region keeps as regional: the change
     * is not applied (nothing of the region's own is overwritten) until the regional one is renamed or deleted.
     */
    REGIONAL_NAME_CONFLICT,
    /** Audit batches go to the deployment's audit region; this node is not it. */
    NOT_AUDIT_REGION,
    /** An audit batch that does not continue the region's stored chain (a gap, a repeat, another start). */
    AUDIT_OUT_OF_ORDER,
    /** An audit batch whose events do not hash to their chain, or whose checkpoints do not verify. */
    AUDIT_TAMPERED,
    /** An audit checkpoint signed by a key the audit region has not pinned for that region. */
    AUDIT_KEY_UNTRUSTED,
    /** An audit event that would carry more than metadata out of its region. */
    AUDIT_NOT_METADATA,
    /** The deployment's jurisdictions do not let data of one region reach the other (bucket replication). */
    RESIDENCY_VIOLATION,
    /** The region is not the named standby of the failed region (or the caller is not this region's standby). */
    NOT_STANDBY,
    /** The standby holds no replica of the failed region's certificate status yet: it could serve no device. */
    STANDBY_NOT_READY,
    /** A failover of that region to this one is already in force. */
    FAILOVER_ACTIVE,
    /** No failover of that region to this one is in force. */
    FAILOVER_NOT_ACTIVE,
    /** The failed region's replica here holds no device certificate with that serial. */
    GUEST_CERTIFICATE_UNKNOWN
}
