package dev.warden.monitor.alarms;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.NodeAudit;
import dev.warden.monitor.store.StoredAlarm;
import dev.warden.policy.Arn;

/**
 * The audit events of alarms: raised, cleared and invalidated, by the system, on the alarm's ARN, with what a triage
 * needs in the details (profile, behaviour, target, severity, value, detail, detection latency). Queued without
 * blocking: they are made on the monitor thread, which must not wait for the trail.
 */
final class AlarmAudit {
    static final String RAISED = "monitor:AlarmRaised";
    static final String CLEARED = "monitor:AlarmCleared";
    static final String INVALIDATED = "monitor:AlarmInvalidated";

    private final NodeAudit audit;
    private final String region;
    private final String account;

    AlarmAudit(NodeAudit audit, String region, String account) {
        this.audit = audit;
        this.region = region;
        this.account = account;
    }

    /** {@code arn:warden:monitor:<region>:<account>:alarm/<id>}. */
    String arn(long id) {
        return Arn.of("monitor", region, account, "alarm/" + id).toString();
    }

    void raised(StoredAlarm a) {
        audit.record(event(RAISED, a)
                .detail("suppressed", a.suppressed())
                .detail("suppressionId", a.suppressionId().orElse(null))
                .detail("raiseCount", a.raiseCount()));
    }

    void cleared(StoredAlarm a, double value, String detail, long latencyMillis) {
        audit.record(event(CLEARED, a)
                .detail("clearValue", value)
                .detail("clearDetail", detail)
                .detail("clearLatencyMs", latencyMillis));
    }

    void invalidated(StoredAlarm a, String reason) {
        audit.record(event(INVALIDATED, a).detail("reason", reason));
    }

    private AuditEvent.Builder event(String action, StoredAlarm a) {
        return audit.event(action)
                .principal(AuditPrincipal.SYSTEM)
                .resource(arn(a.id()))
                .detail("alarmId", a.id())
                .detail("profile", a.profile())
                .detail("behaviour", a.behaviour())
                .detail("target", a.target())
                .detail("metric", a.metric())
                .detail("severity", a.severity())
                .detail("value", a.value())
                .detail("detail", a.detail())
                .detail("detectionLatencyMs", a.detectionLatencyMillis());
    }
}
