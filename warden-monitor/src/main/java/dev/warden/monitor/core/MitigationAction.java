package dev.warden.monitor.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * What can be done about an alarm, each an IAM action of its own ({@code monitor:<Name>}), run by hand or
 * automatically when a behaviour lists it. Each applies to the scopes it names.
 */
public enum MitigationAction {
    /** Into the quarantine thing group, whose policy denies everything but the remediation topics. */
    QUARANTINE("quarantine", "monitor:Quarantine", MetricScope.THING),
    /** Revoke the thing's active certificates: live sessions are cut at once. */
    REVOKE_CERTIFICATE("revoke-certificate", "monitor:RevokeCertificate", MetricScope.THING),
    /** Deactivate the thing's certificates (reversible, unlike a revocation). */
    DISABLE_THING("disable-thing", "monitor:DisableThing", MetricScope.THING),
    /** Ban the alarm's source address (or the thing's last address) at the gateway's firewall. */
    BAN_SOURCE_IP("ban-source-ip", "monitor:BanSourceIp", MetricScope.THING, MetricScope.SOURCE_IP),
    /** Ban the thing's client IDs at the gateway. */
    BAN_CLIENT_ID("ban-client-id", "monitor:BanClientId", MetricScope.THING),
    /** Record every message of the thing in the audit trail, not only per-minute summaries. */
    RAISE_AUDIT_DETAIL("raise-audit-detail", "monitor:RaiseAuditDetail", MetricScope.THING),
    /** Deliver the alarm to the profile's webhook, signed. */
    NOTIFY(
            "notify",
            "monitor:Notify",
            MetricScope.THING,
            MetricScope.SOURCE_IP,
            MetricScope.USER,
            MetricScope.PRINCIPAL);

    private final String id;
    private final String iamAction;
    private final MetricScope[] scopes;

    MitigationAction(String id, String iamAction, MetricScope... scopes) {
        this.id = id;
        this.iamAction = iamAction;
        this.scopes = scopes;
    }

    public String id() {
        return id;
    }

    public String iamAction() {
        return iamAction;
    }

    public boolean appliesTo(MetricScope scope) {
        return Arrays.asList(scopes).contains(scope);
    }

    public static Optional<MitigationAction> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }
}
