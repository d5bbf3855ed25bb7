package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import dev.warden.api.AuditedRoutes;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.console.core.Countdown;
import dev.warden.console.view.AlarmsView;
import dev.warden.console.view.AuditStatusView;
import dev.warden.console.view.FindingsView;
import dev.warden.console.view.FleetView;
import dev.warden.console.view.IncidentsView;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The overview: a page whose panels load and refresh themselves (htmx, every 10 s), each its own request and so its
 * own IAM decision with the API's action: the fleet ({@code warden:ListThings}), active alarms
 * ({@code monitor:ListAlarms}) and the audit chain ({@code audit:LookupEvents}). A panel the principal may not see
 * shows the refusal in its place; the others still show. Also open findings ({@code compliance:ListFindings}) and
 * open incidents with the time left to their next deadline ({@code incident:ListIncidents}).
 */
final class OverviewPages {
    /** Severities as the monitor names them, most severe first; others follow in name order. */
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");
    /** Compliance's severities, most severe first. */
    private static final List<String> FINDING_SEVERITIES = List.of("critical", "high", "medium", "low");
    /** The overview lists this many open incidents at most (newest first); the rest are on the incidents' page. */
    private static final int MAX_INCIDENTS = 10;

    private final ConsoleSettings settings;
    private final Database database;
    private final ConsoleSources fleet;
    private final AuditStore auditStore;
    private final NodeAudit audit;
    private final Clock clock;

    OverviewPages(
            ConsoleSettings settings,
            Database database,
            ConsoleSources fleet,
            AuditStore auditStore,
            NodeAudit audit,
            Clock clock) {
        this.settings = settings;
        this.database = database;
        this.fleet = fleet;
        this.auditStore = auditStore;
        this.audit = audit;
        this.clock = clock;
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
                "/console/overview/findings",
                "compliance:ListFindings",
                ctx -> settings.arn("compliance", "finding/*"),
                Pages.guarded(signedIn.apply(ctx -> {
                    Map<String, Long> open = bySeverity(fleet.openFindingsBySeverity(), FINDING_SEVERITIES);
                    Pages.render(ctx, "overview-findings.jte", new FindingsView(open, total(open)));
                })));
        routes.add(
                GET,
                "/console/overview/incidents",
                "incident:ListIncidents",
                ctx -> settings.arn("incident", "incident/*"),
                Pages.guarded(signedIn.apply(ctx -> Pages.render(ctx, "overview-incidents.jte", incidents()))));
        routes.add(
                GET,
                "/console/overview/audit",
                "audit:LookupEvents",
                ctx -> settings.arn("audit", "trail/" + settings.region()),
                Pages.guarded(signedIn.apply(ctx -> Pages.render(ctx, "overview-audit.jte", auditStatus()))));
    }

    private AlarmsView alarms() {
        Map<String, Long> ordered = bySeverity(fleet.activeAlarmsBySeverity(), SEVERITIES);
        return new AlarmsView(ordered, total(ordered));
    }

    private IncidentsView incidents() {
        Instant now = clock.instant();
        return new IncidentsView(fleet.openIncidents(MAX_INCIDENTS).stream()
                .map(i -> new IncidentsView.Row(
                        i.id(),
                        i.title(),
                        i.severity(),
                        i.phase(),
                        i.nextClock() == null ? "" : i.nextClock(),
                        i.nextDueAt() == null ? "" : Countdown.until(i.nextDueAt(), now)))
                .toList());
    }

    /** Every known severity (0 when none), most severe first, then any other the source named, by name. */
    private static Map<String, Long> bySeverity(Map<String, Long> counts, List<String> known) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        known.forEach(s -> ordered.put(s, counts.getOrDefault(s, 0L)));
        counts.keySet().stream().sorted().forEach(s -> ordered.putIfAbsent(s, counts.get(s)));
        return ordered;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
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
