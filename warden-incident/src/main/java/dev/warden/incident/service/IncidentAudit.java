package dev.warden.incident.service;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditScope;
import dev.warden.audit.NodeAudit;
import dev.warden.policy.Arn;
import java.util.Map;

/**
 * The incident's events in the audit trail, each on the incident's ARN: the timeline. Written durably (the call
 * returns once the event is committed to the chain), by the acting principal inside a request and by the system
 * otherwise. The names are audit events, not IAM actions: no policy decides them.
 */
public final class IncidentAudit {
    public static final String OPENED = "incident:IncidentOpened";
    public static final String PHASE_REACHED = "incident:PhaseReached";
    public static final String MILESTONE_REACHED = "incident:MilestoneReached";
    public static final String ACKNOWLEDGED = "incident:Acknowledged";
    public static final String ASSIGNED = "incident:Assigned";
    public static final String MEMBERS_ADDED = "incident:MembersAdded";
    public static final String CONTAINED = "incident:Contained";
    public static final String TASK_ADDED = "incident:TaskAdded";
    public static final String TASK_DONE = "incident:TaskDone";
    public static final String NOTE = "incident:NoteAdded";
    public static final String STATUS_POSTED = "incident:StatusPosted";
    public static final String DEADLINE_WARNING = "incident:DeadlineWarning";
    public static final String DEADLINE_BREACHED = "incident:DeadlineBreached";
    public static final String PLAYBOOK_STEP = "incident:PlaybookStep";
    public static final String NOTIFICATION = "incident:Notification";

    private final NodeAudit audit;
    private final String region;
    private final String account;

    public IncidentAudit(NodeAudit audit, String region, String account) {
        this.audit = audit;
        this.region = region;
        this.account = account;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    /** {@code arn:warden:incident:<region>:<account>:incident/<id>}. */
    public String arn(long id) {
        return Arn.of("incident", region, account, "incident/" + id).toString();
    }

    /** Who acts now: the request's principal, or the system on a background thread. */
    public static String actor() {
        AuditPrincipal p = AuditScope.current().principal();
        return AuditPrincipal.SYSTEM.equals(p) ? "system" : p.id();
    }

    /** Records {@code action} on incident {@code id} durably; returns the event's sequence number in the chain. */
    public long record(long id, String action, Map<String, ?> details) {
        AuditEvent.Builder event = audit.event(action).resource(arn(id)).detail("incidentId", id);
        details.forEach((k, v) -> event.detail(k, v == null ? null : v.toString()));
        return audit.recordDurable(event);
    }
}
