package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.core.Incident;
import dev.warden.incident.playbook.CustomPlaybooks;
import dev.warden.incident.playbook.PlannedAction;
import dev.warden.incident.playbook.Playbook;
import dev.warden.incident.playbook.PlaybookContext;
import dev.warden.incident.playbook.PlaybookRunner;
import dev.warden.incident.playbook.RunView;
import dev.warden.incident.playbook.Step;
import dev.warden.incident.playbook.StepView;
import dev.warden.incident.playbook.TargetResult;
import dev.warden.incident.service.IncidentAudit;
import dev.warden.incident.service.IncidentService;
import dev.warden.policy.Arn;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Playbooks for responders: the library with each playbook's steps and the role it runs as (its permissions are
 * reviewable before it ever runs), an operator's own playbooks beside the built-in ones, a dry run against an incident, starting a run, and approving or rejecting a step
 * that waits for a person. Runs act as the playbook's role, never as the caller: the caller's own action here is
 * {@code incident:StartPlaybookRun} or {@code incident:ApprovePlaybookStep} on the incident.
 */
public final class PlaybookApi implements CapabilityRoutes {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final IncidentService incidents;
    private final Supplier<PlaybookRunner> runner;
    private final Supplier<CustomPlaybooks> custom;

    public PlaybookApi(IncidentService incidents, Supplier<PlaybookRunner> runner, Supplier<CustomPlaybooks> custom) {
        this.incidents = incidents;
        this.runner = runner;
        this.custom = custom;
    }

    @Override
    public void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        registerLibrary(routes, admin);
        registerRuns(routes, admin);
    }

    /** The playbook library: list, describe with steps and role, put an operator's own. */
    private void registerLibrary(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                GET,
                "/playbooks",
                "incident:ListPlaybooks",
                ctx -> playbookArn("*"),
                admin.apply(ctx -> ctx.json(Map.of(
                        "playbooks",
                        runner().library().list().stream()
                                .map(PlaybookApi::summary)
                                .toList()))));
        routes.add(
                GET,
                "/playbooks/{name}",
                "incident:GetPlaybook",
                ctx -> playbookArn(ctx.pathParam("name")),
                admin.apply(ctx -> {
                    Playbook p = runner().library().require(ctx.pathParam("name"));
                    Map<String, Object> view = summary(p);
                    view.put("steps", p.steps().stream().map(PlaybookApi::step).toList());
                    view.put("role", runner().role(p.name()).name());
                    view.put("rolePolicy", JSON.readTree(runner().role(p.name()).document()));
                    view.put("source", p.source());
                    ctx.json(view);
                }));
        routes.add(
                PUT,
                "/playbooks/{name}",
                "incident:PutPlaybook",
                ctx -> playbookArn(ctx.pathParam("name")),
                admin.apply(this::put));
    }

    /** Playbook runs of an incident: start one, list them, approve or reject a step that waits for a human. */
    private void registerRuns(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        IncidentAudit arns = incidents.audit();
        routes.add(
                POST,
                "/incidents/{id}/playbook-runs",
                "incident:StartPlaybookRun",
                ctx -> arns.arn(id(ctx)),
                admin.apply(this::start));
        routes.add(
                GET,
                "/incidents/{id}/playbook-runs",
                "incident:ListPlaybookRuns",
                ctx -> arns.arn(id(ctx)),
                admin.apply(ctx -> {
                    incidents.get(id(ctx));
                    ctx.json(Map.of(
                            "runs",
                            runner().runs(id(ctx)).stream()
                                    .map(PlaybookApi::run)
                                    .toList()));
                }));
        routes.add(
                POST,
                "/playbook-runs/{run}/steps/{step}/approve",
                "incident:ApprovePlaybookStep",
                ctx -> runArn(ctx, arns),
                admin.apply(ctx ->
                        ctx.json(run(runner().approve(runId(ctx), ctx.pathParam("step"), IncidentAudit.actor())))));
        routes.add(
                POST,
                "/playbook-runs/{run}/steps/{step}/reject",
                "incident:RejectPlaybookStep",
                ctx -> runArn(ctx, arns),
                admin.apply(ctx ->
                        ctx.json(run(runner().reject(runId(ctx), ctx.pathParam("step"), IncidentAudit.actor())))));
    }

    /** An operator's own playbook: {@code {document}}, validated with line-numbered errors, stored, in the library. */
    private void put(Context ctx) {
        runner();
        var stored = custom.get()
                .put(
                        ctx.pathParam("name"),
                        Requests.requiredText(Requests.body(ctx), "document"),
                        IncidentAudit.actor());
        Map<String, Object> view = summary(runner().library().require(stored.name()));
        view.put("version", stored.version());
        view.put("role", runner().role(stored.name()).name());
        AuditedRoutes.details(ctx, Map.of("version", stored.version()));
        ctx.json(view);
    }

    /** {@code {playbook, dryRun}}: a dry run answers what each step would do to which target, and does nothing. */
    private void start(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Incident i = incidents.get(id(ctx));
        String playbook = Requests.requiredText(body, "playbook");
        PlaybookContext targets = PlaybookContext.ofMembers(i.members());
        if (Requests.optionalBoolean(body, "dryRun", false)) {
            List<Map<String, Object>> planned = runner().dryRun(playbook, targets).stream()
                    .map(PlaybookApi::planned)
                    .toList();
            ctx.json(Map.of("incidentId", i.id(), "playbook", playbook, "dryRun", true, "actions", planned));
            return;
        }
        ctx.status(201).json(run(runner().start(i.id(), playbook, targets, IncidentAudit.actor())));
    }

    private PlaybookRunner runner() {
        PlaybookRunner r = runner.get();
        if (r == null) {
            throw new IncidentException(IncidentReason.STEP_FAILED, "playbooks start with the gateway; try again");
        }
        return r;
    }

    private String playbookArn(String name) {
        return Arn.of("incident", incidents.audit().region(), incidents.audit().account(), "playbook/" + name)
                .toString();
    }

    /** A step is approved on the incident the run belongs to. */
    private String runArn(Context ctx, IncidentAudit arns) {
        try {
            return arns.arn(runner().run(runId(ctx)).incidentId());
        } catch (IncidentException e) {
            return arns.arn(0).replaceFirst("/0$", "/*");
        }
    }

    private static Map<String, Object> summary(Playbook p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("kind", p.kind());
        m.put("description", p.description());
        m.put("steps", p.steps().size());
        m.put(
                "approvals",
                p.steps().stream()
                        .filter(s -> s.mode() == dev.warden.incident.playbook.Mode.APPROVAL)
                        .count());
        return m;
    }

    private static Map<String, Object> step(Step s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("action", s.action());
        m.put("target", s.target().id());
        m.put("mode", s.mode().id());
        m.put("parameters", s.parameters());
        return m;
    }

    static Map<String, Object> run(RunView r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("incidentId", r.incidentId());
        m.put("playbook", r.playbook());
        m.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("startedBy", r.startedBy());
        m.put("startedAt", r.startedAt().toString());
        m.put("updatedAt", r.updatedAt().toString());
        m.put("containedAt", r.containedAt().map(Instant::toString).orElse(null));
        m.put("steps", r.steps().stream().map(PlaybookApi::stepState).toList());
        return m;
    }

    private static Map<String, Object> stepState(StepView s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("action", s.action());
        m.put("target", s.target().id());
        m.put("mode", s.mode().id());
        m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("attempts", s.attempts());
        m.put("decidedBy", s.decidedBy().orElse(null));
        m.put("startedAt", s.startedAt().map(Instant::toString).orElse(null));
        m.put("finishedAt", s.finishedAt().map(Instant::toString).orElse(null));
        m.put("detail", s.detail());
        m.put("results", s.results().stream().map(PlaybookApi::result).toList());
        return m;
    }

    private static Map<String, Object> result(TargetResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", r.target());
        m.put("arn", r.arn());
        m.put("outcome", r.outcome().id());
        m.put("summary", r.summary());
        m.put("items", r.items());
        return m;
    }

    private static Map<String, Object> planned(PlannedAction a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", a.stepId());
        m.put("action", a.action());
        m.put("mode", a.mode().id());
        m.put("target", a.target() == null ? null : a.target().toString());
        m.put("arn", a.arn());
        m.put("allowed", a.allowed());
        m.put("note", a.note());
        return m;
    }

    private static long id(Context ctx) {
        return IncidentApi.id(ctx);
    }

    /** A playbook run's id from the path: a positive number, else {@code NO_SUCH_RUN}. */
    public static long runId(Context ctx) {
        return positive(ctx.pathParam("run"), IncidentReason.NO_SUCH_RUN);
    }

    private static long positive(String raw, IncidentReason reason) {
        try {
            long n = Long.parseLong(raw);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IncidentException(reason, "an id is a positive number");
    }
}
