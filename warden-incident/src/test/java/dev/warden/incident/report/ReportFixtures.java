package dev.warden.incident.report;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainedEvent;
import dev.warden.incident.core.ClockProfile;
import dev.warden.incident.core.Deadline;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.Member;
import dev.warden.incident.core.Phase;
import dev.warden.incident.core.Severity;
import dev.warden.incident.core.Source;
import dev.warden.incident.core.Task;
import dev.warden.incident.service.IncidentAudit;
import dev.warden.incident.service.IncidentTimeline;
import dev.warden.incident.store.StatusUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compromised-device incident: first sign at T0, detected 42 s later, contained 8.4 s after that; triage and
 * communication met, mitigation reached late (a breach), recovery and the post-mortem still open, CRA milestones on.
 */
final class ReportFixtures {
    static final Instant T0 = Instant.parse("2026-12-07T03:00:00Z");
    static final Instant DETECTED = T0.plusSeconds(42);
    static final String REGION = "eu-1";
    static final String ARN = "arn:warden:incident:eu-1:000000000001:incident/7";
    static final List<Member> MEMBERS = List.of(
            new Member(Member.Kind.THING, "pump-station-17"),
            new Member(Member.Kind.CERTIFICATE, "c0ffee11223344556677"),
            new Member(Member.Kind.PRINCIPAL, "user/mallory-ops"),
            new Member(Member.Kind.ADDRESS, "203.0.113.77"),
            new Member(Member.Kind.REGION, "eu-1"),
            new Member(Member.Kind.ALARM, "alarm-991"),
            new Member(Member.Kind.PARTICIPANT, "user/oncall-dana"));

    private ReportFixtures() {}

    static Incident incident(String title) {
        List<Deadline> deadlines = new ArrayList<>();
        for (var spec : ClockProfile.seed().clocks(Severity.SEV1, true)) {
            deadlines.add(Deadline.start(spec, DETECTED));
        }
        deadlines.set(0, deadlines.get(0).reach(DETECTED.plus(Duration.ofSeconds(252)))); // triaged: 4 min 12 s
        deadlines.set(1, deadlines.get(1).reach(DETECTED.plus(Duration.ofMinutes(9)))); // communicated
        deadlines.set(2, deadlines.get(2).reach(DETECTED.plus(Duration.ofMinutes(31)))); // mitigated, 1 min late
        return new Incident(
                7,
                title,
                Severity.SEV1,
                Phase.MITIGATED,
                new Source(Source.Kind.ALARM, "alarm-991"),
                Optional.of("compromised-device"),
                Optional.of("user/commander-ann"),
                true,
                T0,
                DETECTED,
                Optional.of(DETECTED.plusSeconds(30)),
                Optional.of(DETECTED.plusMillis(8_400)),
                "system",
                deadlines,
                MEMBERS);
    }

    static ChainedEvent event(long seq, Instant at, String principal, String action, Map<String, String> details) {
        AuditEvent e = AuditEvent.builder(REGION, "node-a")
                .principal(new AuditPrincipal(principal.equals("system") ? "system" : "user", principal, "tok-1"))
                .action(action)
                .resource(ARN)
                .result(AuditResult.ALLOW)
                .detail("incidentId", 7)
                .details(details)
                .build(at.getEpochSecond() * 1_000_000_000L + at.getNano());
        return new ChainedEvent(seq, e, "ab".repeat(32));
    }

    static List<ChainedEvent> timeline(String note) {
        return List.of(
                event(101, DETECTED, "system", IncidentAudit.OPENED, Map.of("severity", "sev1", "source", "alarm")),
                event(
                        102,
                        DETECTED.plusSeconds(3),
                        "system",
                        IncidentAudit.PLAYBOOK_STEP,
                        Map.of("step", "quarantine", "target", "thing/pump-station-17", "outcome", "done")),
                event(103, DETECTED.plusSeconds(30), "user/oncall-dana", IncidentAudit.ACKNOWLEDGED, Map.of()),
                event(104, DETECTED.plusSeconds(60), "user/oncall-dana", IncidentAudit.NOTE, Map.of("text", note)));
    }

    static AuditDigest digest(long digestSeq, long from, long to) {
        return new AuditDigest(
                REGION,
                digestSeq,
                from,
                to,
                "cd".repeat(32),
                "ef".repeat(32),
                DETECTED.plusSeconds(120).getEpochSecond() * 1_000_000_000L,
                "12".repeat(32),
                "MEUCIQ+/abc==",
                0,
                "34".repeat(32));
    }

    static StatusUpdate update(long id, String title, String status, String message, Instant at) {
        return new StatusUpdate(
                id, 7, title, status, message, List.of("telemetry ingest"), List.of("eu-1"), "user/oncall-dana", at);
    }

    static PostmortemInput input(String title, String note, boolean signed) {
        List<ChainedEvent> timeline = timeline(note);
        IncidentTimeline.Proof proof = signed
                ? new IncidentTimeline.Proof(101, 104, List.of(digest(9, 90, 102), digest(10, 103, 110)), true)
                : new IncidentTimeline.Proof(101, 104, List.of(digest(9, 90, 102)), false);
        List<Task> tasks = List.of(
                new Task(
                        7,
                        1,
                        "Re-flash | pump\nstation",
                        "user/oncall-dana",
                        Optional.of(T0.plusSeconds(3600)),
                        true,
                        T0,
                        Optional.of(T0.plusSeconds(1800))),
                new Task(7, 2, "Rotate fleet CA", "user/commander-ann", Optional.empty(), false, T0, Optional.empty()));
        List<StatusUpdate> updates = List.of(
                update(1, "Delayed telemetry", "investigating", "We are looking into it.", DETECTED.plusSeconds(400)),
                update(
                        2,
                        "Delayed telemetry",
                        "monitoring",
                        "A fix is in | place.\nWatching.",
                        DETECTED.plusSeconds(2000)));
        return new PostmortemInput(
                incident(title),
                tasks,
                timeline,
                proof,
                updates,
                new Impact(3, 12_345, List.of("telemetry of pump-station-17")),
                REGION,
                DETECTED.plus(Duration.ofHours(2)));
    }
}
