package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.mitigation.MitigationService;
import dev.warden.monitor.store.MitigationRecord;
import dev.warden.monitor.store.NotificationRecord;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the mitigations did, and the one thing they leave for a person to undo: {@code GET /monitor/mitigations}
 * ({@code monitor:ListMitigations}, optionally {@code ?alarm=ID}), {@code GET /monitor/notifications}
 * ({@code monitor:ListNotifications}: each webhook delivery's state, attempts and last answer, never its secret, and
 * only its URL's origin) and {@code POST /monitor/things/{thing}/release} ({@code monitor:ReleaseFromQuarantine}).
 * The service starts after the gateway it acts on; until then these routes answer 500 {@code MITIGATION_FAILED}.
 */
final class MitigationRoutes {
    private final Supplier<MitigationService> mitigations;

    MitigationRoutes(Supplier<MitigationService> mitigations) {
        this.mitigations = mitigations;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> admin, ApiArns arns) {
        routes.add(
                GET,
                "/monitor/mitigations",
                "monitor:ListMitigations",
                ctx -> arns.of("monitor", "alarm/*"),
                admin.apply(ctx -> {
                    Long alarm = alarm(ctx);
                    List<MitigationRecord> rows = alarm == null
                            ? service().recent(Requests.limit(ctx), 0)
                            : service().list(alarm);
                    ctx.json(Map.of(
                            "mitigations",
                            rows.stream().map(MitigationRoutes::view).toList()));
                }));
        routes.add(
                GET,
                "/monitor/notifications",
                "monitor:ListNotifications",
                ctx -> arns.of("monitor", "alarm/*"),
                admin.apply(ctx -> {
                    Long alarm = alarm(ctx);
                    List<NotificationRecord> rows = alarm == null
                            ? service().recentDeliveries(Requests.limit(ctx))
                            : service().deliveries(alarm);
                    ctx.json(Map.of(
                            "notifications",
                            rows.stream().map(MitigationRoutes::view).toList()));
                }));
        routes.add(
                POST,
                "/monitor/things/{thing}/release",
                "monitor:ReleaseFromQuarantine",
                ctx -> arns.iot("thing/" + ctx.pathParam("thing")),
                admin.apply(ctx -> {
                    boolean released = service().release(ctx.pathParam("thing"));
                    ctx.json(Map.of("thing", ctx.pathParam("thing"), "released", released));
                }));
    }

    private MitigationService service() {
        MitigationService s = mitigations.get();
        if (s == null) {
            throw new MonitorException(MonitorReason.MITIGATION_FAILED, "mitigations are not running yet");
        }
        return s;
    }

    private static Long alarm(Context ctx) {
        String raw = ctx.queryParam("alarm");
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new MonitorException(MonitorReason.NO_SUCH_ALARM, "no alarm " + raw);
        }
    }

    private static Map<String, Object> view(MitigationRecord m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id());
        v.put("alarmId", m.alarmId());
        v.put("action", m.action().id());
        v.put("target", m.target().toString());
        v.put("automatic", m.automatic());
        v.put("principal", m.principal());
        v.put("status", m.status().name().toLowerCase(java.util.Locale.ROOT));
        v.put("detail", m.detail());
        v.put("createdAt", m.createdAt().toString());
        v.put("finishedAt", m.finishedAt() == null ? null : m.finishedAt().toString());
        return v;
    }

    private static Map<String, Object> view(NotificationRecord n) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("deliveryId", n.deliveryId());
        v.put("alarmId", n.alarmId());
        v.put("mitigationId", n.mitigationId());
        v.put("destination", n.origin());
        v.put("status", n.status().name().toLowerCase(java.util.Locale.ROOT));
        v.put("attempts", n.attempts());
        v.put("lastStatusCode", n.lastStatusCode());
        v.put("lastError", n.lastError());
        v.put(
                "nextAttemptAt",
                n.nextAttemptAt() == null ? null : n.nextAttemptAt().toString());
        v.put("createdAt", n.createdAt().toString());
        v.put("deliveredAt", n.deliveredAt() == null ? null : n.deliveredAt().toString());
        return v;
    }
}
