package dev.warden.region.failover;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.NodeAudit;
import dev.warden.region.service.RegionEvents;

/** The audit events of failover, each on the failed region's ARN, recorded durably in the region where it happens. */
final class FailoverEvents {
    private final NodeAudit audit;
    private final String region;
    private final String account;

    FailoverEvents(NodeAudit audit, String region, String account) {
        this.audit = audit;
        this.region = region;
        this.account = account;
    }

    /** In the standby: it serves {@code home}'s devices from now on. */
    void declared(String home, FailoverStore.Sync replica) {
        audit.recordDurable(audit.event("region:Failover")
                .resource(RegionEvents.regionArn(account, home))
                .detail("replicaDevices", replica.devices())
                .detail("replicaVersion", replica.version())
                .detail("replicaSyncedAt", replica.syncedAt().toString()));
    }

    /** In the standby: the devices were sent home and their data handed back. */
    void failedBack(String home, int sentHome, int revocations, Handback.Result handedBack) {
        audit.recordDurable(audit.event("region:Failback")
                .resource(RegionEvents.regionArn(account, home))
                .detail("revocationsHandedOver", revocations)
                .detail("sentHome", sentHome)
                .detail("things", handedBack.things())
                .detail("segments", handedBack.segments())
                .detail("messages", handedBack.messages()));
    }

    /** In the standby: a device certificate of {@code home} revoked here while its home is down. */
    void guestRevoked(String home, String serial, String thing, String reason, int disconnected) {
        audit.recordDurable(audit.event("region:RevokeGuestCertificate")
                .resource(certificateArn(home, serial))
                .detail("homeRegion", home)
                .detail("thing", thing)
                .detail("reason", reason)
                .detail("disconnected", disconnected));
    }

    /** In the home region: its standby handed over a revocation made while this region was down; what became of it. */
    void revocationTaken(
            String standby,
            String serial,
            String reason,
            String revokedBy,
            java.time.Instant revokedAt,
            RevocationSink.Outcome outcome) {
        audit.recordDurable(audit.event("region:TakeGuestRevocation")
                .principal(new AuditPrincipal("region", standby, null))
                .resource(certificateArn(null, serial))
                .detail("standby", standby)
                .detail("reason", reason)
                .detail("revokedBy", revokedBy)
                .detail("revokedAt", revokedAt.toString())
                .detail("outcome", outcome.name()));
    }

    private String certificateArn(String region, String serial) {
        return dev.warden.policy.Arn.of("iot", region == null ? this.region : region, account, "cert/" + serial)
                .toString();
    }

    /** A failover call over the link refused (a region that is not the standby, another jurisdiction, bad input). */
    void refused(String caller, String operation, dev.warden.region.RegionException e) {
        audit.recordDurable(audit.event("region:HandBack")
                .principal(new AuditPrincipal("region", caller, null))
                .resource(RegionEvents.regionArn(account, caller))
                .result(dev.warden.audit.AuditResult.DENY)
                .detail("operation", operation)
                .detail("reason", e.reason().name()));
    }

    /** In the home region: its standby handed back one thing's data. */
    void handedBack(String standby, String thing, int stored, int duplicates) {
        audit.recordDurable(audit.event("region:HandBack")
                .principal(new AuditPrincipal("region", standby, null))
                .resource(RegionEvents.regionArn(account, standby))
                .detail("thing", thing)
                .detail("stored", stored)
                .detail("duplicates", duplicates));
    }
}
