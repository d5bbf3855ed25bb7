package dev.warden.incident.report;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.ChainedEvent;
import dev.warden.incident.core.ClockProfile;
import dev.warden.incident.core.Deadline;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.Member;
import dev.warden.incident.core.Task;
import dev.warden.incident.store.StatusUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The post-mortem as text, every value already formatted (times, durations, verdicts) and not yet escaped: the one
 * model both the Markdown writer and the HTML template read, so the two say the same. Public only because the
 * precompiled template lives in another package.
 */
public final class PostmortemView {
    /** The sections the review writes; the draft holds a placeholder in each. */
    static final List<String> REVIEW_SECTIONS =
            List.of("Root cause", "Contributing factors", "What went well", "Preventive measures and follow-up");

    static final String PLACEHOLDER = "To be written by the review";
    private static final int MAX_DETAIL = 300;

    private PostmortemView() {}

    /** The page's model (for the template). */
    public record View(
            String css,
            String policy,
            String title,
            String generatedAt,
            List<Fact> summary,
            List<Fact> impact,
            List<Fact> detection,
            List<ClockRow> clocks,
            String containment,
            List<ActionRow> actions,
            List<TaskRow> tasks,
            List<UpdateRow> updates,
            List<String> reviewSections,
            String placeholder,
            ProofView proof) {}

    /** A labelled value of the summary, impact or detection. */
    public record Fact(String label, String value) {}

    /**
     * One clock, phase or CRA milestone, against its deadline: {@code allowed} from detection to the due time,
     * {@code reached} with the time it took, {@code status} MET, BREACHED (late, or overdue) or OPEN.
     */
    public record ClockRow(
            String clock,
            String kind,
            String allowed,
            String due,
            String reached,
            String delta,
            String status,
            String cssClass) {}

    /** One event of the timeline, formatted alike whatever its action. */
    public record ActionRow(
            long seq, String time, String principal, String action, String result, String resource, String details) {}

    public record TaskRow(String title, String owner, String due, String state, String doneAt) {}

    public record UpdateRow(
            String time,
            String status,
            String publicTitle,
            String message,
            String services,
            String regions,
            String postedBy) {}

    static View of(PostmortemInput in) {
        Incident i = in.incident();
        List<ClockRow> clocks = clocks(i, in.generatedAt());
        return new View(
                ReportStyle.CSS,
                ReportStyle.META_POLICY,
                "Post-mortem of incident " + i.id() + ": " + i.title(),
                ReportText.time(in.generatedAt()),
                summary(
                        i,
                        clocks.stream()
                                .filter(c -> c.status().equals("BREACHED"))
                                .count()),
                impact(i, in.impact()),
                detection(i),
                clocks,
                containment(i, in.generatedAt()),
                in.timeline().stream().map(PostmortemView::action).toList(),
                in.tasks().stream().map(t -> task(t, in.generatedAt())).toList(),
                in.updates().stream()
                        .sorted(Comparator.comparing(StatusUpdate::postedAt))
                        .map(PostmortemView::update)
                        .toList(),
                REVIEW_SECTIONS,
                PLACEHOLDER,
                ProofView.of(in));
    }

    private static List<Fact> summary(Incident i, long breached) {
        return List.of(
                new Fact("Incident", String.valueOf(i.id())),
                new Fact("Title", i.title()),
                new Fact("Severity", i.severity().id()),
                new Fact("Phase", i.phase().id() + (i.open() ? " (open)" : " (closed)")),
                new Fact(
                        "Source",
                        i.source().kind().id()
                                + (i.source().ref().isBlank()
                                        ? ""
                                        : " " + i.source().ref())),
                new Fact("Commander", i.commander().orElse("none")),
                new Fact("Participants", list(i.members(Member.Kind.PARTICIPANT))),
                new Fact("Playbook", i.playbook().orElse("none")),
                new Fact("Opened by", i.openedBy()),
                new Fact("CRA milestones", i.cra() ? "tracked" : "not tracked"),
                new Fact("Deadlines breached", String.valueOf(breached)));
    }

    private static List<Fact> impact(Incident i, Impact impact) {
        List<String> things = i.members(Member.Kind.THING);
        return List.of(
                new Fact(
                        "Things affected",
                        impact.things() + (things.isEmpty() ? "" : " (named: " + list(things) + ")")),
                new Fact("Certificates", list(i.members(Member.Kind.CERTIFICATE))),
                new Fact("Principals", list(i.members(Member.Kind.PRINCIPAL))),
                new Fact("Addresses", list(i.members(Member.Kind.ADDRESS))),
                new Fact("Regions", list(i.members(Member.Kind.REGION))),
                new Fact("Messages", String.valueOf(impact.messages())),
                new Fact("Data touched", list(impact.dataTouched())));
    }

    private static List<Fact> detection(Incident i) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("First sign", ReportText.time(i.startedAt())));
        facts.add(new Fact("Detected", ReportText.time(i.detectedAt())));
        facts.add(new Fact("Time to detect", ReportText.duration(nonNegative(i.startedAt(), i.detectedAt()))));
        facts.add(new Fact(
                "Acknowledged",
                i.acknowledgedAt()
                        .map(a -> ReportText.time(a) + " (" + ReportText.duration(nonNegative(i.detectedAt(), a))
                                + " after detection)")
                        .orElse("not acknowledged")));
        facts.add(new Fact("Linked alarms", list(i.members(Member.Kind.ALARM))));
        facts.add(new Fact("Linked findings", list(i.members(Member.Kind.FINDING))));
        return facts;
    }

    private static List<ClockRow> clocks(Incident i, Instant now) {
        List<ClockRow> rows = new ArrayList<>();
        i.deadlines().stream()
                .sorted(Comparator.comparing(Deadline::dueAt).thenComparing(Deadline::clock))
                .forEach(d -> rows.add(clock(i, d, now)));
        return rows;
    }

    private static ClockRow clock(Incident i, Deadline d, Instant now) {
        // Overdue is breached even before the clock watch has recorded it (the node was down at the due time).
        boolean breached = d.breached() || (!d.reached() && now.isAfter(d.dueAt()));
        String status = breached ? "BREACHED" : d.reached() ? "MET" : "OPEN";
        String delta;
        if (d.reachedAt().isPresent()) {
            delta = ReportText.against(d.reachedAt().get(), d.dueAt());
        } else if (now.isAfter(d.dueAt())) {
            delta = ReportText.duration(Duration.between(d.dueAt(), now)) + " overdue";
        } else {
            delta = ReportText.duration(Duration.between(now, d.dueAt())) + " left";
        }
        String kind = ClockProfile.isMilestone(d.clock())
                ? "CRA milestone"
                : d.phase().isPresent() ? "phase" : "clock";
        return new ClockRow(
                d.clock(),
                kind,
                ReportText.duration(Duration.between(i.detectedAt(), d.dueAt())),
                ReportText.time(d.dueAt()),
                d.reachedAt()
                        .map(r -> ReportText.time(r) + " (after " + ReportText.duration(nonNegative(i.detectedAt(), r))
                                + ")")
                        .orElse(ReportText.NONE),
                delta,
                status,
                "clock-" + status.toLowerCase(Locale.ROOT));
    }

    private static String containment(Incident i, Instant now) {
        if (i.containedAt().isEmpty()) {
            return "Not contained as of " + ReportText.time(now)
                    + ": no quarantine, revocation or disabled user was recorded.";
        }
        Instant at = i.containedAt().get();
        return "Contained at " + ReportText.time(at) + ": "
                + ReportText.duration(nonNegative(i.startedAt(), at)) + " after the first sign, "
                + ReportText.duration(nonNegative(i.detectedAt(), at)) + " after detection.";
    }

    private static ActionRow action(ChainedEvent c) {
        AuditEvent e = c.event();
        List<String> details = new ArrayList<>();
        for (Map.Entry<String, String> d : e.details().entrySet()) {
            // Every event of the timeline is on the incident's ARN already: its id says nothing new.
            if (!d.getKey().equals("incidentId")) {
                details.add(d.getKey() + "=" + clip(d.getValue()));
            }
        }
        return new ActionRow(
                c.seq(),
                ReportText.time(ReportText.ofNanos(e.timeNanos())),
                e.principal().id() + " (" + e.principal().type() + ")",
                e.action(),
                e.result().name().toLowerCase(Locale.ROOT),
                e.resource() == null ? ReportText.NONE : e.resource(),
                details.isEmpty() ? ReportText.NONE : String.join("; ", details));
    }

    private static TaskRow task(Task t, Instant now) {
        String state;
        if (t.done()) {
            state = "done";
        } else if (t.dueAt().isPresent() && now.isAfter(t.dueAt().get())) {
            state = "overdue";
        } else {
            state = "open";
        }
        return new TaskRow(t.title(), t.owner(), ReportText.time(t.dueAt()), state, ReportText.time(t.doneAt()));
    }

    private static UpdateRow update(StatusUpdate u) {
        return new UpdateRow(
                ReportText.time(u.postedAt()),
                u.status(),
                u.publicTitle(),
                u.message(),
                list(u.services()),
                list(u.regions()),
                u.postedBy());
    }

    static String list(List<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", values);
    }

    private static String clip(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= MAX_DETAIL ? value : value.substring(0, MAX_DETAIL) + "...";
    }

    private static Duration nonNegative(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
