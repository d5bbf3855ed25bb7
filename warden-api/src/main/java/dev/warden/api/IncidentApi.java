package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.ChainedEvent;
import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.IncidentStats;
import dev.warden.incident.core.Member;
import dev.warden.incident.core.Severity;
import dev.warden.incident.core.Source;
import dev.warden.incident.report.Impact;
import dev.warden.incident.report.Postmortem;
import dev.warden.incident.report.PostmortemInput;
import dev.warden.incident.service.IncidentService;
import dev.warden.incident.service.IncidentTimeline;
import dev.warden.incident.service.LinkedFinding;
import dev.warden.incident.service.OpenRequest;
import dev.warden.incident.service.StatusPageService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Incidents for responders: open by hand, list and show them with their clocks, move them through the phases,
 * acknowledge, assign, add members, notes and tasks, post status page updates, read the timeline with its proof,
 * and the statistics. Each route is an {@code incident:} IAM action on {@code incident/<id>}.
 */
public final class IncidentApi implements CapabilityRoutes {
    private final IncidentService incidents;
    private final StatusPageService statusPage;
    private final IncidentTimeline timeline;
    private final Function<Incident, Impact> impact;
    private final Function<Long, Optional<LinkedFinding>> findings;
    private final Clock clock;

    /**
     * @param impact   what the incident touched (things, messages, data), counted by the node for the post-mortem
     * @param findings a compliance finding by id, for an incident opened from one
     */
    public IncidentApi(
            IncidentService incidents,
            StatusPageService statusPage,
            IncidentTimeline timeline,
            Function<Incident, Impact> impact,
            Function<Long, Optional<LinkedFinding>> findings,
            Clock clock) {
        this.incidents = incidents;
        this.statusPage = statusPage;
        this.timeline = timeline;
        this.impact = impact;
        this.findings = findings;
        this.clock = clock;
    }

    @Override
    public void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        registerIncidents(routes, admin);
        registerResponseWork(routes, admin);
    }

    /** Incidents and their course: open, list, stats, describe, timeline, postmortem, advance, acknowledge, staff. */
    private void registerIncidents(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> one = ctx -> arn(id(ctx));
        Function<Context, String> any = ctx -> incidents.audit().arn(0).replaceFirst("/0$", "/*");
        routes.add(POST, "/incidents", "incident:OpenIncident", any, admin.apply(this::open));
        routes.add(GET, "/incidents", "incident:ListIncidents", any, admin.apply(this::list));
        routes.add(GET, "/incidents/stats", "incident:GetIncidentStats", any, admin.apply(this::stats));
        routes.add(GET, "/incidents/{id}", "incident:DescribeIncident", one, admin.apply(this::show));
        routes.add(GET, "/incidents/{id}/timeline", "incident:GetIncidentTimeline", one, admin.apply(this::timeline));
        routes.add(GET, "/incidents/{id}/postmortem", "incident:GetPostmortem", one, admin.apply(this::postmortem));
        routes.add(POST, "/incidents/{id}/advance", "incident:AdvanceIncident", one, admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            view(
                    ctx,
                    incidents.advance(id(ctx), Requests.requiredText(body, "to"), Requests.optionalText(body, "note")));
        }));
        routes.add(
                POST,
                "/incidents/{id}/acknowledge",
                "incident:AcknowledgeIncident",
                one,
                admin.apply(ctx -> view(ctx, incidents.acknowledge(id(ctx)))));
        routes.add(POST, "/incidents/{id}/assign", "incident:AssignIncident", one, admin.apply(this::assign));
        routes.add(
                POST,
                "/incidents/{id}/members",
                "incident:UpdateIncident",
                one,
                admin.apply(ctx -> view(ctx, incidents.addMembers(id(ctx), members(Requests.body(ctx))))));
    }

    /** The work done during an incident: notes, tasks and their completion, public status updates. */
    private void registerResponseWork(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> one = ctx -> arn(id(ctx));
        routes.add(POST, "/incidents/{id}/notes", "incident:AddIncidentNote", one, admin.apply(ctx -> {
            incidents.note(id(ctx), Requests.requiredText(Requests.body(ctx), "text"));
            ctx.status(201).json(Map.of("incidentId", id(ctx), "noted", true));
        }));
        routes.add(POST, "/incidents/{id}/tasks", "incident:CreateIncidentTask", one, admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            ctx.status(201)
                    .json(IncidentViews.task(incidents.addTask(
                            id(ctx),
                            Requests.requiredText(body, "title"),
                            Requests.requiredText(body, "owner"),
                            Optional.ofNullable(Requests.optionalText(body, "due"))
                                    .map(d -> instant(d, "due")))));
        }));
        routes.add(
                POST,
                "/incidents/{id}/tasks/{task}/done",
                "incident:CompleteIncidentTask",
                one,
                admin.apply(ctx ->
                        ctx.json(IncidentViews.task(incidents.completeTask(id(ctx), number(ctx.pathParam("task")))))));
        routes.add(POST, "/incidents/{id}/status-updates", "incident:PostStatusUpdate", one, admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            ctx.status(201)
                    .json(IncidentViews.update(statusPage.post(
                            id(ctx),
                            Requests.requiredText(body, "publicTitle"),
                            Optional.ofNullable(Requests.optionalText(body, "status"))
                                    .orElse("investigating"),
                            Requests.requiredText(body, "message"),
                            strings(body, "services"),
                            strings(body, "regions"))));
        }));
    }

    /**
     * By hand, or from a compliance finding ({@code finding: ID}): the finding gives the title, the severity (critical
     * is sev1 ... low sev4) and the members its resource names, unless the body says otherwise.
     */
    private void open(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Optional<LinkedFinding> finding = Optional.ofNullable(Requests.optionalText(body, "finding"))
                .map(raw -> findings.apply(number(raw))
                        .orElseThrow(() -> ApiException.notFound("NO_SUCH_FINDING", "no compliance finding " + raw)));
        List<Member> members = new ArrayList<>(members(body));
        finding.ifPresent(
                f -> f.members().stream().filter(m -> !members.contains(m)).forEach(members::add));
        String title = Optional.ofNullable(Requests.optionalText(body, "title"))
                .or(() -> finding.map(f -> f.check() + " on " + f.resourceArn()))
                .orElseThrow(() -> ApiException.badRequest("INVALID_FIELD", "an incident needs a title"));
        Severity severity = Optional.ofNullable(Requests.optionalText(body, "severity"))
                .map(Severity::parse)
                .or(() -> finding.map(LinkedFinding::incidentSeverity))
                .orElseThrow(() -> ApiException.badRequest("INVALID_FIELD", "an incident needs a severity"));
        Incident i = incidents.open(new OpenRequest(
                title,
                severity,
                finding.map(f -> new Source(Source.Kind.FINDING, String.valueOf(f.id())))
                        .orElse(Source.manual()),
                Optional.empty(),
                members,
                Optional.ofNullable(Requests.optionalText(body, "playbook")),
                Optional.ofNullable(Requests.optionalText(body, "commander")),
                Requests.optionalBoolean(body, "cra", false)));
        AuditedRoutes.resource(ctx, arn(i.id()));
        ctx.status(201).json(IncidentViews.incident(incidents.get(i.id()), arn(i.id()), clock.instant()));
    }

    private void list(Context ctx) {
        boolean openOnly = !"all".equals(ctx.queryParam("status"));
        long before = ctx.queryParam("before") == null ? 0 : number(ctx.queryParam("before"));
        Instant now = clock.instant();
        ctx.json(Map.of(
                "incidents",
                incidents.list(openOnly, before, Requests.limit(ctx)).stream()
                        .map(i -> IncidentViews.incident(i, arn(i.id()), now))
                        .toList()));
    }

    private void show(Context ctx) {
        long id = id(ctx);
        Map<String, Object> view = IncidentViews.incident(incidents.get(id), arn(id), clock.instant());
        view.put("tasks", incidents.tasks(id).stream().map(IncidentViews::task).toList());
        view.put(
                "statusUpdates",
                statusPage.updates(id).stream().map(IncidentViews::update).toList());
        ctx.json(view);
    }

    private void timeline(Context ctx) {
        long id = id(ctx);
        List<ChainedEvent> events = timeline.events(incidents.get(id));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("incidentId", id);
        view.put("events", events.stream().map(IncidentViews::event).toList());
        view.put("proof", IncidentViews.proof(timeline.proof(events)));
        ctx.json(view);
    }

    /** The post-mortem draft from the timeline: {@code ?format=markdown} (default) or {@code html}. */
    private void postmortem(Context ctx) {
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("markdown");
        if (!format.equals("markdown") && !format.equals("html")) {
            throw ApiException.badRequest("INVALID_FIELD", "format is markdown or html");
        }
        long id = id(ctx);
        Incident i = incidents.get(id);
        List<ChainedEvent> events = timeline.events(i);
        PostmortemInput input = new PostmortemInput(
                i,
                incidents.tasks(id),
                events,
                timeline.proof(events),
                statusPage.updates(id),
                impact.apply(i),
                incidents.audit().region(),
                clock.instant());
        if (format.equals("html")) {
            ctx.header("Content-Security-Policy", Postmortem.HTTP_POLICY)
                    .contentType(Postmortem.HTML_TYPE)
                    .result(Postmortem.html(input));
        } else {
            ctx.contentType(Postmortem.MARKDOWN_TYPE).result(Postmortem.markdown(input));
        }
    }

    private void assign(Context ctx) {
        JsonNode body = Requests.body(ctx);
        view(
                ctx,
                incidents.assign(
                        id(ctx),
                        Optional.ofNullable(Requests.optionalText(body, "commander")),
                        Optional.ofNullable(Requests.optionalText(body, "severity"))
                                .map(Severity::parse),
                        strings(body, "participants")));
    }

    private void stats(Context ctx) {
        Instant to = clock.instant();
        Instant from = ctx.queryParam("since") == null
                ? to.atOffset(ZoneOffset.UTC).minusMonths(12).toInstant()
                : instant(ctx.queryParam("since"), "since");
        ctx.json(Map.of(
                "months",
                IncidentStats.byMonth(incidents.detectedBetween(from, to)).stream()
                        .map(IncidentViews::month)
                        .toList()));
    }

    private void view(Context ctx, Incident i) {
        ctx.json(IncidentViews.incident(i, arn(i.id()), clock.instant()));
    }

    /**
     * {@code things}, {@code certificates}, {@code principals}, {@code addresses}, {@code regions}, {@code secrets},
     * {@code cas}, {@code policies}: lists.
     */
    static List<Member> members(JsonNode body) {
        List<Member> out = new ArrayList<>();
        Map<String, Member.Kind> fields = new LinkedHashMap<>();
        fields.put("things", Member.Kind.THING);
        fields.put("certificates", Member.Kind.CERTIFICATE);
        fields.put("principals", Member.Kind.PRINCIPAL);
        fields.put("addresses", Member.Kind.ADDRESS);
        fields.put("regions", Member.Kind.REGION);
        fields.put("secrets", Member.Kind.SECRET);
        fields.put("cas", Member.Kind.CA);
        fields.put("policies", Member.Kind.POLICY);
        fields.forEach((field, kind) -> strings(body, field).forEach(v -> out.add(new Member(kind, v))));
        return out;
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode list = body.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray() || list.size() > 1000) {
            throw ApiException.badRequest("INVALID_FIELD", field + " is a list of at most 1000 strings");
        }
        List<String> out = new ArrayList<>();
        list.forEach(v -> {
            if (!v.isTextual()) {
                throw ApiException.badRequest("INVALID_FIELD", field + " is a list of strings");
            }
            out.add(v.asText());
        });
        return out;
    }

    private String arn(long id) {
        return incidents.audit().arn(id);
    }

    /** The {@code {id}} path parameter; anything but a positive number is an incident that does not exist. */
    public static long id(Context ctx) {
        return number(ctx.pathParam("id"));
    }

    private static long number(String raw) {
        try {
            long n = Long.parseLong(raw);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IncidentException(IncidentReason.NO_SUCH_INCIDENT, "an incident or task id is a positive number");
    }

    private static Instant instant(String raw, String name) {
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_FIELD", name + " is an ISO-8601 instant, e.g. 2026-12-07T10:00:00Z");
        }
    }
}
