package dev.warden.node.incident;

import dev.warden.incident.notify.NotificationListener;
import dev.warden.incident.notify.NotificationRecord;
import dev.warden.incident.playbook.PlaybookTimeline;
import dev.warden.incident.playbook.RunStatus;
import dev.warden.incident.playbook.StepOutcome;
import dev.warden.incident.playbook.TargetResult;
import dev.warden.incident.service.IncidentAudit;
import dev.warden.incident.service.IncidentService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What playbooks and notifications report, written into the incident's timeline: each step's intent and outcome
 * (per target: changed, unchanged, denied, failed), the end of a run, the first containment (which times it), and
 * every notification delivered or failed, naming only its target (an e-mail address, or a webhook's origin: a URL
 * may carry a token).
 */
public final class IncidentEvidence implements PlaybookTimeline, NotificationListener {
    public static final String RUN_ENDED = "incident:PlaybookRunEnded";

    private final IncidentService incidents;

    public IncidentEvidence(IncidentService incidents) {
        this.incidents = incidents;
    }

    @Override
    public void stepRecorded(long incidentId, StepOutcome o) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("runId", o.runId());
        d.put("playbook", o.playbook());
        d.put("step", o.stepId());
        d.put("stepAction", o.action());
        d.put("state", o.state().name().toLowerCase(java.util.Locale.ROOT));
        d.put("actor", o.actor());
        d.put("detail", o.detail());
        d.put("results", summary(o.results()));
        incidents.audit().record(incidentId, IncidentAudit.PLAYBOOK_STEP, d);
    }

    @Override
    public void contained(long incidentId, Instant at, String how) {
        incidents.contained(incidentId, at, how);
    }

    @Override
    public void runEnded(long incidentId, long runId, RunStatus status) {
        incidents.audit().record(incidentId, RUN_ENDED, Map.of("runId", runId, "status", status.name()));
    }

    @Override
    public void delivered(NotificationRecord n) {
        notification(n, "delivered");
    }

    @Override
    public void failed(NotificationRecord n) {
        notification(n, "failed");
    }

    private void notification(NotificationRecord n, String outcome) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("notificationId", n.id());
        d.put("kind", n.kind().id());
        d.put("clock", n.clock());
        d.put("channel", n.channel().name().toLowerCase(java.util.Locale.ROOT));
        d.put("recipient", n.recipient());
        d.put("target", n.target());
        d.put("outcome", outcome);
        d.put("attempts", n.attempts());
        d.put("error", n.lastError());
        incidents.audit().record(n.incidentId(), IncidentAudit.NOTIFICATION, d);
    }

    private static String summary(List<TargetResult> results) {
        return results.stream().map(r -> r.target() + "=" + r.outcome().id()).collect(Collectors.joining(","));
    }
}
