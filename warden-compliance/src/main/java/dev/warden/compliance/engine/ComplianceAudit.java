package dev.warden.compliance.engine;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.NodeAudit;
import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.store.RunRecord;
import dev.warden.policy.Arn;
import java.util.stream.Collectors;

/**
 * The audit events of compliance: each run ({@code compliance:RunCompleted}, on the run's ARN) and each finding
 * opened or resolved ({@code compliance:FindingOpened}, {@code compliance:FindingResolved}, on the finding's ARN with
 * the resource it is about in the details), by the system. Queued without blocking, after the run's transaction
 * committed: the trail then holds what the findings table holds.
 */
public final class ComplianceAudit implements ComplianceEvents {
    public static final String RUN_COMPLETED = "compliance:RunCompleted";
    public static final String FINDING_OPENED = "compliance:FindingOpened";
    public static final String FINDING_RESOLVED = "compliance:FindingResolved";

    private final NodeAudit audit;
    private final String region;
    private final String account;

    public ComplianceAudit(NodeAudit audit, String region, String account) {
        this.audit = audit;
        this.region = region;
        this.account = account;
    }

    /** {@code arn:warden:compliance:<region>:<account>:<resource>}: {@code finding/ID}, {@code run/ID}, ... */
    public String arn(String resource) {
        return Arn.of("compliance", region, account, resource).toString();
    }

    public String findingArn(long id) {
        return arn("finding/" + id);
    }

    public String runArn(long id) {
        return arn("run/" + id);
    }

    @Override
    public void runCompleted(RunRecord run) {
        audit.record(audit.event(RUN_COMPLETED)
                .principal(AuditPrincipal.SYSTEM)
                .resource(runArn(run.id()))
                .detail("trigger", run.trigger())
                .detail("checks", run.checks().size())
                .detail(
                        "failed",
                        run.failed().isEmpty()
                                ? null
                                : run.failed().stream().map(CheckId::name).collect(Collectors.joining(",")))
                .detail("durationMs", run.duration().toMillis())
                .detail("opened", run.opened())
                .detail("resolved", run.resolved())
                .detail("openCritical", run.open().get(Severity.CRITICAL))
                .detail("openHigh", run.open().get(Severity.HIGH))
                .detail("openMedium", run.open().get(Severity.MEDIUM))
                .detail("openLow", run.open().get(Severity.LOW)));
    }

    @Override
    public void opened(long id, Finding f, String status, String why) {
        audit.record(event(FINDING_OPENED, id, f).detail("status", status).detail("why", why));
    }

    @Override
    public void resolved(long id, Finding f) {
        audit.record(event(FINDING_RESOLVED, id, f));
    }

    private AuditEvent.Builder event(String action, long id, Finding f) {
        return audit.event(action)
                .principal(AuditPrincipal.SYSTEM)
                .resource(findingArn(id))
                .detail("findingId", id)
                .detail("check", f.check().name())
                .detail("target", f.resourceArn())
                .detail("severity", f.severity().id())
                .detail("reason", f.reasonCode());
    }
}
