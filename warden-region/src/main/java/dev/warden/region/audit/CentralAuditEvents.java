package dev.warden.region.audit;

import dev.warden.audit.AuditArns;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.region.RegionException;

/**
 * The audit events of central audit, each on the trail ARN of the region whose chain it concerns. The audit region
 * records every refused batch and every key it pins; a member records that the audit region refused what it shipped.
 * Accepted batches are not events: they are the region chains themselves, and an event per batch would only echo them.
 */
public final class CentralAuditEvents {
    /** A batch received (refused) in the audit region. */
    public static final String RECEIVE = "region:ReceiveAuditBatch";
    /** A region's audit-signing key pinned in the audit region. */
    public static final String PIN_KEY = "region:PinAuditKey";
    /** A batch the audit region refused, as its sender records it. */
    public static final String SHIP = "region:ShipAuditBatch";

    private final NodeAudit audit;

    public CentralAuditEvents(NodeAudit audit) {
        this.audit = audit;
    }

    /** In the audit region: a batch of {@code region} refused; nothing of it was stored. */
    public void batchRefused(String region, String node, long fromSeq, long toSeq, RegionException e) {
        audit.recordDurable(audit.event(RECEIVE)
                .principal(new AuditPrincipal("region", region + "/" + node, null))
                .resource(AuditArns.trail(region))
                .result(AuditResult.DENY)
                .detail("reason", e.reason().name())
                .detail("fromSeq", fromSeq)
                .detail("toSeq", toSeq));
    }

    /** In the audit region: a key of {@code region} pinned, from its join or from a rotation its chain records. */
    public void keyPinned(String region, String keyId, long fromDigestSeq, String source) {
        audit.recordDurable(audit.event(PIN_KEY)
                .principal(new AuditPrincipal("region", region, null))
                .resource(AuditArns.trail(region))
                .detail("keyId", keyId)
                .detail("fromDigestSeq", fromDigestSeq)
                .detail("source", source));
    }

    /** In a member region: the audit region refused a batch of this region's chain. */
    public void shipRefused(String region, String auditRegion, long fromSeq, RegionException e) {
        audit.recordDurable(audit.event(SHIP)
                .principal(AuditPrincipal.SYSTEM)
                .resource(AuditArns.trail(region))
                .result(AuditResult.DENY)
                .detail("auditRegion", auditRegion)
                .detail("fromSeq", fromSeq)
                .detail("reason", e.reason().name()));
    }
}
