package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import dev.warden.api.AuditedRoutes;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.console.view.AlarmsView;
import dev.warden.console.view.AuditStatusView;
import dev.warden.console.view.FleetView;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The overview: a page whose panels load and refresh themselves (htmx, every 10 s), each its own request and so its
 * own IAM decision with the API's action: the fleet ({@code warden:ListThings}), active alarms
 * ({@code monitor:ListAlarms}) and the audit chain ({@code audit:LookupEvents}). A panel the principal may not see
 * shows the refusal in its place; the others still show.
 */
final class OverviewPages {
    /** Severities as the monitor names them, most severe first; others follow in name order. */
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");

    private final ConsoleSettings settings;
    private final Database database;
    private final LiveFleet fleet;
    private final AuditStore auditStore;
    private final NodeAudit audit;

    OverviewPages(
            ConsoleSettings settings, Database database, LiveFleet fleet, AuditStore auditStore, NodeAudit audit) {
        this.settings = settings;
        this.database = database;
        this.fleet = fleet;
        this.auditStore = auditStore;
        this.audit = audit;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/overview",
                "sts:GetCallerIdentity",
                ctx -> settings.arn("sts", "caller"),
                Pages.guarded(signedIn.apply(
                        ctx -> Pages.render(ctx, "overview.jte", SignIn.frame(ctx, "Overview", "overview")))));
        routes.add(
                GET,
                "/console/overview/fleet",
                "warden:ListThings",
                ctx -> settings.arn("iot", "thing/*"),
                Pages.guarded(signedIn.apply(ctx -> Pages.render(
                        ctx,
                        "overview-fleet.jte",
                        new FleetView(database.read(h -> new ThingDao(h).count()), fleet.connectedDevices())))));
        routes.add(
                GET,
                "/console/overview/alarms",
                "monitor:ListAlarms",
                ctx -> settings.arn("monitor", "alarm/*"),
                Pages.guarded(signedIn.apply(ctx -> Pages.render(ctx, "overview-alarms.jte", alarms()))));
        routes.add(
                GET,
                "/console/overview/audit",
                "audit:LookupEvents",
                ctx -> settings.arn("audit", "trail/" + settings.region()),
                Pages.guarded(signedIn.apply(ctx -> Pages.render(ctx, "overview-audit.jte", auditStatus()))));
    }

    private AlarmsView alarms() {
        Map<String, Long> active = fleet.activeAlarmsBySeverity();
        Map<String, Long> ordered = new LinkedHashMap<>();
        SEVERITIES.forEach(s -> ordered.put(s, active.getOrDefault(s, 0L)));
        active.keySet().stream().sorted().forEach(s -> ordered.putIfAbsent(s, active.get(s)));
        return new AlarmsView(
                ordered, ordered.values().stream().mapToLong(Long::longValue).sum());
    }

    private AuditStatusView auditStatus() {
        AuditStore.Head head = auditStore.head(settings.region());
        AuditDigest digest = head.lastDigest().orElse(null);
        return new AuditStatusView(
                audit.healthy(),
                head.lastSeq(),
                digest == null ? null : digest.digestSeq(),
                digest == null ? null : digest.toSeq(),
                digest == null
                        ? null
                        : Instant.ofEpochSecond(0, digest.createdAtNanos()).toString(),
                digest == null
                        ? null
                        : digest.keyId()
                                .substring(0, Math.min(16, digest.keyId().length())));
    }
}
