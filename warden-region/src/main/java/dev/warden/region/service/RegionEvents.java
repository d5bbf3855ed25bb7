package dev.warden.region.service;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.policy.Arn;
import dev.warden.region.RegionException;

/**
 * The audit events of region operations, each on the ARN of the region it concerns
 * ({@code arn:warden:region::<account>:region/<name>}); the admin API's own event for a request comes on top.
 * Recorded durably: a region operation is never without its evidence.
 */
public final class RegionEvents {
    /** The deployment root cross-certifies a member's root (control region). */
    public static final String CROSS_CERTIFY = "region:CrossCertify";

    private final NodeAudit audit;
    private final String account;
    private final String region;

    public RegionEvents(NodeAudit audit, String account, String region) {
        this.audit = audit;
        this.account = account;
        this.region = region;
    }

    /** The ARN of a region of this account. */
    public static String regionArn(String account, String region) {
        return Arn.of("region", "", account, "region/" + region).toString();
    }

    void tokenCreated(String forRegion, java.time.Instant expiresAt) {
        audit.recordDurable(audit.event("region:CreateJoinToken")
                .resource(regionArn(account, forRegion))
                .detail("expiresAt", expiresAt.toString()));
    }

    /** In the control region: a region joined with a valid token (or was refused). */
    void joinAccepted(String member, String node, String fingerprint) {
        audit.recordDurable(audit.event("region:AcceptJoin")
                .principal(new AuditPrincipal("region", member + "/" + node, fingerprint))
                .resource(regionArn(account, member))
                .detail("rootFingerprint", fingerprint));
    }

    void joinRefused(String member, RegionException e) {
        audit.recordDurable(audit.event("region:AcceptJoin")
                .principal(new AuditPrincipal("region", member == null ? "-" : member, null))
                .resource(regionArn(account, member == null ? "-" : member))
                .result(AuditResult.DENY)
                .detail("reason", e.reason().name()));
    }

    /** In the control region, which is the audit region: the audit keys a joining region sent, pinned. */
    void auditKeysPinned(String member, dev.warden.audit.AuditKeys keys) {
        auditKeysPinned(member, keys, "join");
    }

    /** In the audit region: {@code member}'s audit keys pinned, from its join or from the membership. */
    void auditKeysPinned(String member, dev.warden.audit.AuditKeys keys, String source) {
        for (dev.warden.audit.AuditKeys.Key k : keys.keys()) {
            audit.recordDurable(audit.event(dev.warden.region.audit.CentralAuditEvents.PIN_KEY)
                    .principal(new AuditPrincipal("region", member, null))
                    .resource(dev.warden.audit.AuditArns.trail(member))
                    .detail("keyId", k.keyId())
                    .detail("fromDigestSeq", k.fromDigestSeq())
                    .detail("source", source));
        }
    }

    /** In the joining region. */
    void joined(String controlRegion, String deployment) {
        audit.recordDurable(audit.event("region:Join")
                .resource(regionArn(account, region))
                .detail("controlRegion", controlRegion)
                .detail("deployment", deployment));
    }

    void left(String controlRegion) {
        audit.recordDurable(audit.event("region:Leave")
                .resource(regionArn(account, region))
                .detail("controlRegion", controlRegion));
    }

    /** In the control region: a member left. */
    void memberRemoved(String member) {
        audit.recordDurable(audit.event("region:RemoveMember")
                .principal(new AuditPrincipal("region", member, null))
                .resource(regionArn(account, member)));
    }

    void changesApplied(long fromSeq, long toSeq) {
        audit.recordDurable(audit.event("region:ApplyIamChanges")
                .principal(AuditPrincipal.SYSTEM)
                .resource(regionArn(account, region))
                .detail("fromSeq", fromSeq)
                .detail("toSeq", toSeq));
    }

    void changeRefused(long seq, RegionException e) {
        audit.recordDurable(audit.event("region:ApplyIamChanges")
                .principal(AuditPrincipal.SYSTEM)
                .resource(regionArn(account, region))
                .result(AuditResult.DENY)
                .detail("seq", seq)
                .detail("reason", e.reason().name()));
    }

    /** In the control region: a jurisdiction of the residency table set (or, with no regions, removed). */
    /** In the control region: the deployment's audit region changed. */
    void auditRegionSet(String previous, String next) {
        audit.recordDurable(audit.event("region:SetAuditRegion")
                .resource(regionArn(account, next))
                .detail("previous", previous)
                .detail("auditRegion", next));
    }

    void standbySet(String member, String standby) {
        audit.recordDurable(audit.event("region:SetStandby")
                .resource(regionArn(account, member))
                .detail("standby", standby.isEmpty() ? "-" : standby));
    }

    void jurisdictionSet(String jurisdiction, java.util.List<String> regions) {
        audit.recordDurable(audit.event("region:PutJurisdiction")
                .resource(regionArn(account, region))
                .detail("jurisdiction", jurisdiction)
                .detail("regions", String.join(",", regions)));
    }

    /** In a member: the control region sent another residency table, now applied here. */
    void jurisdictionsReplaced(String controlRegion, String table) {
        audit.recordDurable(audit.event("region:ApplyJurisdictions")
                .principal(AuditPrincipal.SYSTEM)
                .resource(regionArn(account, region))
                .detail("controlRegion", controlRegion)
                .detail("jurisdictions", table));
    }

    /** In the control region: the deployment root cross-certified a member's root. */
    void crossCertified(String member, java.security.cert.X509Certificate cross) {
        audit.recordDurable(audit.event(CROSS_CERTIFY)
                .principal(AuditPrincipal.SYSTEM)
                .resource(regionArn(account, member))
                .detail("serial", cross.getSerialNumber().toString(16))
                .detail("fingerprint", dev.warden.pki.Fingerprints.sha256Hex(cross))
                .detail("notAfter", cross.getNotAfter().toInstant().toString()));
    }

    /** In the control region: a member's root could not be cross-certified (the root key offline, say). */
    void crossCertifyFailed(String member, String reason) {
        audit.recordDurable(audit.event(CROSS_CERTIFY)
                .principal(AuditPrincipal.SYSTEM)
                .resource(regionArn(account, member))
                .result(AuditResult.DENY)
                .detail("reason", reason));
    }

    /** In a member: its root's cross certificate under the deployment root, received (or refused). */
    void crossCertificateReceived(
            String controlRegion, java.security.cert.X509Certificate cross, boolean accepted, String reason) {
        dev.warden.audit.AuditEvent.Builder event = audit.event("region:ReceiveCrossCertificate")
                .principal(AuditPrincipal.SYSTEM)
                .resource(regionArn(account, region))
                .detail("controlRegion", controlRegion)
                .detail("serial", cross.getSerialNumber().toString(16))
                .detail("fingerprint", dev.warden.pki.Fingerprints.sha256Hex(cross));
        if (!accepted) {
            event.result(AuditResult.DENY).detail("reason", reason);
        }
        audit.recordDurable(event);
    }
}
