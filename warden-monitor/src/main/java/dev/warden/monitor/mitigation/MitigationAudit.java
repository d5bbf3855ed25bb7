package dev.warden.monitor.mitigation;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.store.MitigationRecord;
import dev.warden.monitor.store.MitigationStatus;
import dev.warden.policy.Arn;

/**
 * The trail's record of an automatic mitigation: a durable intent before it acts and its outcome after, both with
 * the action's IAM name ({@code monitor:Quarantine}, ...), principal {@code system}, the target's ARN and the ids of
 * the alarm and the mitigation. (A manual mitigation is recorded by its admin route.)
 */
final class MitigationAudit {
    /** The principal of automatic mitigations in their rows. */
    static final String SYSTEM = AuditPrincipal.SYSTEM.type() + ":" + AuditPrincipal.SYSTEM.id();

    private final NodeAudit audit;
    private final String region;
    private final String account;

    MitigationAudit(NodeAudit audit, String region, String account) {
        this.audit = audit;
        this.region = region;
        this.account = account;
    }

    /** Records the intent durably and returns its seq; throws when the trail cannot record it. */
    long intent(MitigationRecord row, MitigationRequest request) {
        return audit.recordDurable(event(row)
                .result(AuditResult.ALLOW)
                .detail("stage", "intent")
                .detail("profile", request.alarm().profile())
                .detail("behaviour", request.alarm().behaviour()));
    }

    /** Records the outcome durably: done (ALLOW) or failed (ERROR) with its reason. */
    void outcome(MitigationRecord row, Long intentSeq, MitigationStatus status, String detail) {
        audit.recordDurable(event(row)
                .result(status == MitigationStatus.DONE ? AuditResult.ALLOW : AuditResult.ERROR)
                .detail("stage", "outcome")
                .detail("status", status.id())
                .detail(status == MitigationStatus.DONE ? "result" : "reason", detail)
                .detail("intentSeq", intentSeq));
    }

    private dev.warden.audit.AuditEvent.Builder event(MitigationRecord row) {
        return audit.event(row.action().iamAction())
                .principal(AuditPrincipal.SYSTEM)
                .resource(arn(row.target()))
                .detail("alarmId", row.alarmId())
                .detail("mitigationId", row.id())
                .detail("target", row.target().toString())
                .detail("automatic", row.automatic());
    }

    /**
     * A target's ARN: a thing's is the registry's ({@code iot:...:thing/<name>}), a user's is IAM's, a principal's is
     * its own ARN, and a source address is named under the monitor's service ({@code monitor:...:sourceip/<address>}).
     */
    String arn(TargetKey target) {
        return switch (target.scope()) {
            case THING ->
                Arn.of("iot", region, account, "thing/" + target.name()).toString();
            case SOURCE_IP ->
                Arn.of("monitor", region, account, "sourceip/" + target.name()).toString();
            case USER -> Arn.iam(account, "user/" + target.name()).toString();
            case PRINCIPAL ->
                Arn.tryParse(target.name())
                        .map(Arn::toString)
                        .orElse(Arn.of("monitor", region, account, "principal/" + target.name())
                                .toString());
        };
    }
}
