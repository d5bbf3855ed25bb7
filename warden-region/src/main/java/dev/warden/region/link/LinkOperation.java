package dev.warden.region.link;

/**
 * The operations a region link offers, and nothing else: each is one route, called by a member region (or, for
 * {@link #JOIN}, by a region holding a join token).
 */
public enum LinkOperation {
    /** A region joins the deployment (token-authorized). */
    JOIN("POST", "/link/v1/join", false),
    /** The deployment's membership, the control region's IAM signing key. */
    DEPLOYMENT("GET", "/link/v1/deployment", true),
    /** IAM changes after a sequence number, waiting briefly for new ones. */
    IAM_CHANGES("GET", "/link/v1/iam/changes", true),
    /** A member leaves the deployment. */
    LEAVE("POST", "/link/v1/leave", true),
    /** Where the audit region's copy of the caller's audit chain ends (central audit). */
    AUDIT_POSITION("GET", "/link/v1/audit/position", true),
    /** The caller's next audit events and checkpoints, verified by the audit region before it stores them. */
    AUDIT_BATCH("POST", "/link/v1/audit/batch", true),
    /** One bucket object (or its deletion) for the caller's replica, where residency allows (bucket replication). */
    REPLICATE_OBJECT("POST", "/link/v1/buckets/replicate", true),
    /** The caller's replica of this region's device certificate status and device policies (its standby asks). */
    DEVICE_STATUS("GET", "/link/v1/failover/devices", true),
    /** One thing's data kept by this region's standby while it was failed over, handed back (failback). */
    HANDBACK("POST", "/link/v1/failover/handback", true),
    /** The device certificates of this region its standby revoked while this region was down (failback, first). */
    GUEST_REVOCATIONS("POST", "/link/v1/failover/revocations", true),
    /** An admin request made in the caller's region for this region's data: run here, decided by this region. */
    FORWARD("POST", "/link/v1/forward", true),
    /** An incident playbook in the caller's region disables or cuts off a principal: done here, in the control region. */
    CONTAIN("POST", "/link/v1/iam/contain", true);

    private final String method;
    private final String path;
    private final boolean memberOnly;

    LinkOperation(String method, String path, boolean memberOnly) {
        this.method = method;
        this.path = path;
        this.memberOnly = memberOnly;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** Whether only a member region's node certificate may call it. */
    public boolean memberOnly() {
        return memberOnly;
    }
}
