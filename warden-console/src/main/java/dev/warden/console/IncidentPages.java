package dev.warden.console;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.api.AuditedRoutes;
import dev.warden.audit.ChainedEvent;
import dev.warden.console.core.Countdown;
import dev.warden.console.core.IncidentClocks;
import dev.warden.console.view.ClocksView;
import dev.warden.console.view.IncidentListView;
import dev.warden.console.view.IncidentView;
import dev.warden.console.view.IncidentsView;
import dev.warden.console.view.RunsView;
import dev.warden.console.view.TimelineView;
import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.core.Deadline;
import dev.warden.incident.core.Incident;
import dev.warden.incident.playbook.Mode;
import dev.warden.incident.playbook.PlaybookRunner;
import dev.warden.incident.playbook.RunView;
import dev.warden.incident.playbook.StepState;
import dev.warden.incident.report.Postmortem;
import dev.warden.incident.report.PostmortemInput;
import dev.warden.incident.service.IncidentAudit;
import dev.warden.incident.service.IncidentTimeline;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Incidents: the list with each one's next deadline, an incident's page (its clocks met, breached or running; its
 * timeline from the audit trail; its playbook runs), moving it to a later phase and approving a playbook step that
 * waits for a person, and its post-mortem draft. Each route is the API's own action on the incident's ARN
 * ({@code IncidentApi}, {@code PlaybookApi}) and calls the same service method; the clocks, timeline and runs are
 * panels of their own (htmx), so each is its own decision, as on the overview.
 */
final class IncidentPages {
    private static final int MAX_LISTED = 100;

    private final IncidentServices services;
    private final Clock clock;

    IncidentPages(IncidentServices services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        Function<Context, String> any = ctx -> arns().arn(0).replaceFirst("/0$", "/*");
        Function<Context, String> one = ctx -> arns().arn(id(ctx));
        routes.add(GET, "/console/incidents", "incident:ListIncidents", any, page(signedIn, this::list));
        routes.add(GET, "/console/incidents/rows", "incident:ListIncidents", any, page(signedIn, this::rows));
        routes.add(GET, "/console/incidents/{id}", "incident:DescribeIncident", one, page(signedIn, this::show));
        routes.add(
                GET, "/console/incidents/{id}/clocks", "incident:DescribeIncident", one, page(signedIn, this::clocks));
        routes.add(
                GET,
                "/console/incidents/{id}/timeline",
                "incident:GetIncidentTimeline",
                one,
                page(signedIn, this::timeline));
        routes.add(GET, "/console/incidents/{id}/runs", "incident:ListPlaybookRuns", one, page(signedIn, this::runs));
        routes.add(
                GET,
                "/console/incidents/{id}/postmortem",
                "incident:GetPostmortem",
                one,
                page(signedIn, this::postmortem));
        routes.add(
                POST,
                "/console/incidents/{id}/advance",
                "incident:AdvanceIncident",
                one,
                page(signedIn, this::advance));
        routes.add(
                POST,
                "/console/playbook-runs/{run}/steps/{step}/approve",
                "incident:ApprovePlaybookStep",
                this::runArn,
                page(signedIn, this::approve));
    }

    private static Handler page(UnaryOperator<Handler> signedIn, Handler handler) {
        return Pages.guarded(signedIn.apply(handler));
    }

    private void list(Context ctx) {
        boolean all = "all".equals(ctx.queryParam("status"));
        Pages.render(
                ctx,
                "incidents.jte",
                new IncidentListView(SignIn.frame(ctx, "Incidents", "incidents"), all, rows(all)));
    }

    /** The list's rows alone, refreshed by htmx so that the countdowns count down. */
    private void rows(Context ctx) {
        Pages.render(ctx, "incident-rows.jte", new IncidentsView(rows("all".equals(ctx.queryParam("status")))));
    }

    private List<IncidentsView.Row> rows(boolean all) {
        Instant now = clock.instant();
        return services.incidents().list(!all, 0, MAX_LISTED).stream()
                .map(i -> {
                    Optional<Deadline> next = i.deadlines().stream()
                            .filter(d -> !d.reached() && !d.breached())
                            .findFirst();
                    return new IncidentsView.Row(
                            i.id(),
                            i.title(),
                            i.severity().id(),
                            i.phase().id(),
                            next.map(Deadline::clock).orElse(""),
                            next.map(d -> Countdown.until(d.dueAt(), now)).orElse(""));
                })
                .toList();
    }

    private void show(Context ctx) {
        Incident i = services.incidents().get(id(ctx));
        // Said only when the incident is in that phase indeed: the query string proves nothing.
        String notice = Optional.ofNullable(ctx.queryParam("advanced"))
                .filter(p -> p.equals(i.phase().id()))
                .map(p -> "Moved to phase " + p + ".")
                .orElse(null);
        Pages.render(
                ctx,
                "incident.jte",
                new IncidentView(
                        SignIn.frame(ctx, "Incident #" + i.id(), "incidents"),
                        i.id(),
                        i.title(),
                        i.severity().id(),
                        i.phase().id(),
                        i.commander().orElse("none"),
                        i.source().kind().id()
                                + (i.source().ref() == null
                                        ? ""
                                        : " " + i.source().ref()),
                        i.detectedAt().toString(),
                        i.acknowledgedAt().map(Instant::toString).orElse("not yet"),
                        i.containedAt().map(Instant::toString).orElse("not yet"),
                        IncidentClocks.nextPhases(i.phase()),
                        notice));
    }

    private void clocks(Context ctx) {
        Incident i = services.incidents().get(id(ctx));
        Pages.render(ctx, "incident-clocks.jte", new ClocksView(i.phase().id(), IncidentClocks.of(i, clock.instant())));
    }

    private void timeline(Context ctx) {
        IncidentTimeline timeline = services.timeline();
        List<ChainedEvent> events = timeline.events(services.incidents().get(id(ctx)));
        IncidentTimeline.Proof proof = timeline.proof(events);
        Pages.render(
                ctx,
                "incident-timeline.jte",
                new TimelineView(
                        events.stream().map(IncidentPages::event).toList(),
                        proof.firstSeq(),
                        proof.lastSeq(),
                        proof.digests().size(),
                        proof.complete()));
    }

    private static TimelineView.Event event(ChainedEvent e) {
        var event = e.event();
        String details = new TreeMap<>(event.details())
                .entrySet().stream()
                        .filter(d -> d.getValue() != null)
                        .map(d -> d.getKey() + "=" + d.getValue())
                        .collect(Collectors.joining(" "));
        return new TimelineView.Event(
                e.seq(),
                event.eventId(),
                Instant.ofEpochSecond(0, event.timeNanos()).toString(),
                event.principal().type() + ":" + event.principal().id(),
                event.action(),
                event.result() == null ? "" : event.result().name(),
                details);
    }

    private void runs(Context ctx) {
        long id = id(ctx);
        services.incidents().get(id);
        PlaybookRunner runner = services.playbooks().get();
        String csrf = SignIn.frame(ctx, "", "incidents").csrf();
        if (runner == null) {
            Pages.render(ctx, "incident-runs.jte", new RunsView(csrf, false, List.of()));
            return;
        }
        Pages.render(
                ctx,
                "incident-runs.jte",
                new RunsView(
                        csrf,
                        true,
                        runner.runs(id).stream().map(IncidentPages::run).toList()));
    }

    private static RunsView.Run run(RunView r) {
        return new RunsView.Run(
                r.id(),
                r.playbook(),
                r.status().id(),
                r.startedBy(),
                r.startedAt().toString(),
                r.steps().stream()
                        .map(s -> new RunsView.Step(
                                s.id(),
                                s.action(),
                                s.mode().id(),
                                s.state().id(),
                                s.decidedBy().orElse(""),
                                s.mode() == Mode.APPROVAL && s.state() == StepState.AWAITING_APPROVAL))
                        .toList());
    }

    /** The draft as the API's {@code ?format=html} gives it, under the report's own (stricter) policy. */
    private void postmortem(Context ctx) {
        long id = id(ctx);
        Incident i = services.incidents().get(id);
        IncidentTimeline timeline = services.timeline();
        List<ChainedEvent> events = timeline.events(i);
        PostmortemInput input = new PostmortemInput(
                i,
                services.incidents().tasks(id),
                events,
                timeline.proof(events),
                services.statusPage().updates(id),
                services.impact().apply(i),
                arns().region(),
                clock.instant());
        ctx.header("Content-Security-Policy", Postmortem.HTTP_POLICY)
                .contentType(Postmortem.HTML_TYPE)
                .result(Postmortem.html(input));
    }

    /** {@code warden incident advance}: the same service call; post, redirect, get. */
    private void advance(Context ctx) {
        long id = id(ctx);
        String to = Optional.ofNullable(ctx.formParam("to")).orElse("").trim();
        String note = Optional.ofNullable(ctx.formParam("note"))
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .orElse(null);
        Incident moved = services.incidents().advance(id, to, note);
        ctx.redirect("/console/incidents/" + id + "?advanced=" + moved.phase().id(), HttpStatus.SEE_OTHER);
    }

    /** {@code warden incident approve}: the step runs now, as the playbook's role, never as the approver. */
    private void approve(Context ctx) {
        RunView run = runner().approve(runId(ctx), ctx.pathParam("step"), IncidentAudit.actor());
        ctx.redirect("/console/incidents/" + run.incidentId(), HttpStatus.SEE_OTHER);
    }

    /** A step is approved on the incident its run belongs to; an unknown run is decided on any incident. */
    private String runArn(Context ctx) {
        try {
            return arns().arn(runner().run(runId(ctx)).incidentId());
        } catch (IncidentException e) {
            return arns().arn(0).replaceFirst("/0$", "/*");
        }
    }

    private PlaybookRunner runner() {
        PlaybookRunner r = services.playbooks().get();
        if (r == null) {
            throw new IncidentException(IncidentReason.STEP_FAILED, "playbooks start with the gateway; try again");
        }
        return r;
    }

    private IncidentAudit arns() {
        return services.incidents().audit();
    }

    private static long id(Context ctx) {
        return dev.warden.api.IncidentApi.id(ctx);
    }

    private static long runId(Context ctx) {
        return dev.warden.api.PlaybookApi.runId(ctx);
    }
}
