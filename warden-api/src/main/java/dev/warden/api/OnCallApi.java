package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import dev.warden.incident.notify.IncidentNotifier;
import dev.warden.incident.notify.NotificationRecord;
import dev.warden.incident.oncall.OnCall;
import dev.warden.incident.oncall.OnCallService;
import dev.warden.incident.oncall.StoredDocument;
import dev.warden.incident.service.IncidentAudit;
import dev.warden.incident.service.IncidentService;
import dev.warden.policy.Arn;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * On-call: schedules and escalation policies as documents (JSON or YAML, validated, versioned), who is on call at a
 * time, and the notifications an incident caused (each naming only its target: an address, or a webhook's origin).
 */
public final class OnCallApi implements CapabilityRoutes {
    private final OnCallService onCall;
    private final IncidentService incidents;
    private final Supplier<IncidentNotifier> notifier;

    public OnCallApi(OnCallService onCall, IncidentService incidents, Supplier<IncidentNotifier> notifier) {
        this.onCall = onCall;
        this.incidents = incidents;
        this.notifier = notifier;
    }

    @Override
    public void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        registerSchedules(routes, admin);
        registerEscalation(routes, admin);
    }

    /** On-call schedules: put, list, describe, delete. */
    private void registerSchedules(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                PUT,
                "/oncall/schedules/{name}",
                "incident:PutOnCallSchedule",
                ctx -> arn("schedule/" + ctx.pathParam("name")),
                admin.apply(ctx -> ctx.json(stored(onCall.putSchedule(
                        Requests.requiredText(Requests.body(ctx), "document"), IncidentAudit.actor())))));
        routes.add(
                GET,
                "/oncall/schedules",
                "incident:ListOnCallSchedules",
                ctx -> arn("schedule/*"),
                admin.apply(ctx -> ctx.json(Map.of(
                        "schedules",
                        onCall.listSchedules().stream().map(OnCallApi::stored).toList()))));
        routes.add(
                GET,
                "/oncall/schedules/{name}",
                "incident:GetOnCallSchedule",
                ctx -> arn("schedule/" + ctx.pathParam("name")),
                admin.apply(ctx -> ctx.json(stored(onCall.showSchedule(ctx.pathParam("name"))))));
        routes.add(
                DELETE,
                "/oncall/schedules/{name}",
                "incident:DeleteOnCallSchedule",
                ctx -> arn("schedule/" + ctx.pathParam("name")),
                admin.apply(ctx -> {
                    onCall.deleteSchedule(ctx.pathParam("name"));
                    ctx.json(Map.of("name", ctx.pathParam("name"), "deleted", true));
                }));
    }

    /** Escalation: policies (put, list), who is on call, and the notifications an incident sent. */
    private void registerEscalation(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                PUT,
                "/oncall/policies/{name}",
                "incident:PutEscalationPolicy",
                ctx -> arn("escalation-policy/" + ctx.pathParam("name")),
                admin.apply(ctx -> ctx.json(stored(onCall.putPolicy(
                        Requests.requiredText(Requests.body(ctx), "document"), IncidentAudit.actor())))));
        routes.add(
                GET,
                "/oncall/policies",
                "incident:ListEscalationPolicies",
                ctx -> arn("escalation-policy/*"),
                admin.apply(ctx -> ctx.json(Map.of(
                        "policies",
                        onCall.listPolicies().stream().map(OnCallApi::stored).toList()))));
        routes.add(GET, "/oncall/who", "incident:GetOnCall", ctx -> arn("schedule/*"), admin.apply(this::who));
        routes.add(
                GET,
                "/incidents/{id}/notifications",
                "incident:ListIncidentNotifications",
                ctx -> incidents.audit().arn(IncidentApi.id(ctx)),
                admin.apply(ctx -> {
                    long id = incidents.get(IncidentApi.id(ctx)).id();
                    IncidentNotifier n = notifier.get();
                    ctx.json(Map.of(
                            "notifications",
                            n == null
                                    ? java.util.List.of()
                                    : n.notifications(id).stream()
                                            .map(OnCallApi::notification)
                                            .toList()));
                }));
    }

    private void who(Context ctx) {
        Optional<Instant> at = Optional.ofNullable(ctx.queryParam("at")).map(raw -> {
            try {
                return Instant.parse(raw);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("INVALID_FIELD", "at is an ISO-8601 instant, e.g. 2026-12-07T03:00:00Z");
            }
        });
        Optional<OnCall> who = onCall.who(Optional.ofNullable(ctx.queryParam("schedule")), at);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", at.orElseGet(Instant::now).toString());
        m.put("onCall", who.map(OnCallApi::onCall).orElse(null));
        ctx.json(m);
    }

    private String arn(String resource) {
        return Arn.of("incident", incidents.audit().region(), incidents.audit().account(), resource)
                .toString();
    }

    private static Map<String, Object> onCall(OnCall o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schedule", o.schedule());
        m.put("principal", o.principal());
        m.put("email", o.participant().contact().email());
        m.put("source", o.source());
        m.put("turnStart", o.turnStart().toString());
        m.put("turnEnd", o.turnEnd().toString());
        return m;
    }

    private static Map<String, Object> stored(StoredDocument d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("version", d.version());
        m.put("updatedAt", d.updatedAt().toString());
        m.put("updatedBy", d.updatedBy());
        m.put("document", d.document());
        return m;
    }

    private static Map<String, Object> notification(NotificationRecord n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("kind", n.kind().id());
        m.put("clock", n.clock());
        m.put("channel", n.channel().name().toLowerCase(java.util.Locale.ROOT));
        m.put("recipient", n.recipient());
        m.put("target", n.target());
        m.put("status", n.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("attempts", n.attempts());
        m.put("createdAt", n.createdAt().toString());
        m.put("finishedAt", n.finishedAt() == null ? null : n.finishedAt().toString());
        m.put("lastError", n.lastError());
        return m;
    }
}
