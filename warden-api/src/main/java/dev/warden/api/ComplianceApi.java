package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditPrincipal;
import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.ComplianceReason;
import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.engine.ComplianceAudit;
import dev.warden.compliance.engine.ComplianceService;
import dev.warden.compliance.engine.RunOutcome;
import dev.warden.compliance.store.FindingFilter;
import dev.warden.compliance.store.SuppressionRule;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Continuous compliance for operators: runs on demand ({@code POST /compliance/runs}) and their history, findings
 * (filtered by severity, check, status and framework), suppressions of one finding or of everything open now (a
 * baseline), and lifting them. Each route is a {@code compliance:} IAM action on {@code finding/<id>},
 * {@code suppression/<id>} or {@code run/<id>}.
 *
 * <p>There is no route that runs a fix: a finding's fix is an admin API call of its own, made by the CLI with the
 * caller's credential ({@code warden compliance fix}), so it is authorized and audited as that person's call.
 */
public final class ComplianceApi {
    /** How long {@code POST /compliance/runs} waits for its run before answering that it goes on in the background. */
    private static final Duration RUN_WAIT = Duration.ofSeconds(50);

    private final ComplianceService compliance;
    private final ComplianceAudit arns;
    private final ComplianceReportsApi reports;

    /** @param facts what the node's configuration says now, for the shared-responsibility report */
    public ComplianceApi(
            ComplianceService compliance,
            ComplianceAudit arns,
            java.util.function.Supplier<dev.warden.compliance.core.NodeFacts> facts,
            java.time.Clock clock) {
        this.compliance = compliance;
        this.arns = arns;
        this.reports = new ComplianceReportsApi(compliance, arns, facts, clock);
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        registerRuns(routes, admin);
        registerFindings(routes, admin);
        registerSuppressions(routes, admin);
        reports.register(routes, admin);
    }

    private void registerRuns(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> anyRun = ctx -> arn("run/*");
        routes.add(POST, "/compliance/runs", "compliance:StartRun", anyRun, admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            String trigger =
                    Optional.ofNullable(Requests.optionalText(body, "trigger")).orElse("manual");
            if (!trigger.equals("manual") && !trigger.equals("fix")) {
                throw ApiException.badRequest("INVALID_FIELD", "trigger is manual (default) or fix");
            }
            RunOutcome outcome = compliance.run(checks(body), trigger, RUN_WAIT);
            AuditedRoutes.resource(ctx, arns.runArn(outcome.run().id()));
            Map<String, Object> view =
                    ComplianceViews.run(outcome.run(), arns.runArn(outcome.run().id()));
            view.put(
                    "openedFindings", outcome.opened().stream().map(f -> f.id()).toList());
            view.put(
                    "resolvedFindings",
                    outcome.resolved().stream().map(f -> f.id()).toList());
            ctx.json(view);
        }));
        routes.add(GET, "/compliance/runs", "compliance:ListRuns", anyRun, admin.apply(ctx -> {
            Instant since = ctx.queryParam("since") == null ? Instant.EPOCH : instant(ctx.queryParam("since"), "since");
            ctx.json(Map.of(
                    "runs",
                    compliance.runs(since, Requests.limit(ctx)).stream()
                            .map(r -> ComplianceViews.run(r, arns.runArn(r.id())))
                            .toList()));
        }));
    }

    private void registerFindings(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                GET,
                "/compliance/findings",
                "compliance:ListFindings",
                ctx -> arn("finding/*"),
                admin.apply(ctx -> ctx.json(Map.of(
                        "findings",
                        compliance.findings(filter(ctx)).stream()
                                .map(f -> ComplianceViews.finding(f, arns::findingArn))
                                .toList()))));
        routes.add(
                GET,
                "/compliance/findings/{id}",
                "compliance:DescribeFinding",
                ctx -> arn("finding/" + ctx.pathParam("id")),
                admin.apply(ctx -> ctx.json(ComplianceViews.finding(
                        compliance.finding(findingId(ctx.pathParam("id"))), arns::findingArn))));
    }

    private void registerSuppressions(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                POST,
                "/compliance/findings/{id}/suppression",
                "compliance:CreateSuppression",
                ctx -> arn("finding/" + ctx.pathParam("id")),
                admin.apply(ctx -> {
                    JsonNode body = Requests.body(ctx);
                    SuppressionRule rule = compliance.suppress(
                            findingId(ctx.pathParam("id")),
                            Requests.optionalText(body, "reason"),
                            until(Requests.optionalText(body, "until")),
                            actor(ctx));
                    AuditedRoutes.details(
                            ctx,
                            Map.of(
                                    "suppressionId",
                                    rule.id(),
                                    "until",
                                    rule.until().toString()));
                    ctx.status(201).json(ComplianceViews.rule(rule, arn("suppression/" + rule.id())));
                }));
        routes.add(
                POST,
                "/compliance/baseline",
                "compliance:CreateSuppression",
                ctx -> arn("suppression/*"),
                admin.apply(ctx -> {
                    JsonNode body = Requests.body(ctx);
                    List<SuppressionRule> rules = compliance.baseline(
                            Requests.optionalText(body, "reason"),
                            until(Requests.optionalText(body, "until")),
                            actor(ctx));
                    AuditedRoutes.details(ctx, Map.of("suppressions", rules.size(), "baseline", true));
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("suppressed", rules.size());
                    view.put(
                            "until",
                            rules.isEmpty() ? null : rules.get(0).until().toString());
                    view.put(
                            "suppressions",
                            rules.stream().map(SuppressionRule::id).toList());
                    ctx.status(201).json(view);
                }));
        routes.add(
                DELETE,
                "/compliance/suppressions/{id}",
                "compliance:DeleteSuppression",
                ctx -> arn("suppression/" + ctx.pathParam("id")),
                admin.apply(ctx -> {
                    long id = number(ctx.pathParam("id"), ComplianceReason.NO_SUCH_SUPPRESSION, "suppression");
                    int reopened = compliance.unsuppress(id).size();
                    ctx.json(Map.of("id", id, "deleted", true, "reopened", reopened));
                }));
    }

    /** The checks a run asks for: {@code checks: [ID...]}, or every check. */
    private static Set<CheckId> checks(JsonNode body) {
        JsonNode list = body.get("checks");
        if (list == null || list.isNull()) {
            return EnumSet.allOf(CheckId.class);
        }
        if (!list.isArray() || list.isEmpty()) {
            throw ApiException.badRequest("INVALID_FIELD", "checks is a non-empty list of check ids");
        }
        Set<CheckId> checks = EnumSet.noneOf(CheckId.class);
        for (JsonNode id : list) {
            checks.add(CheckId.byName(id.asText())
                    .orElseThrow(() -> ApiException.badRequest("INVALID_FIELD", "no check " + id.asText())));
        }
        return checks;
    }

    private FindingFilter filter(Context ctx) {
        Optional<Severity> severity = Optional.ofNullable(ctx.queryParam("severity"))
                .map(s -> Severity.byId(s.toLowerCase(Locale.ROOT))
                        .orElseThrow(() -> new ComplianceException(
                                ComplianceReason.INVALID_SEVERITY, "severity is critical, high, medium or low")));
        Optional<Set<CheckId>> checks = Optional.empty();
        if (ctx.queryParam("framework") != null) {
            checks = Optional.of(compliance.checksOf(ctx.queryParam("framework")));
        }
        String check = ctx.queryParam("check");
        if (check != null) {
            CheckId id = CheckId.byName(check)
                    .orElseThrow(() -> ApiException.badRequest("INVALID_FIELD", "no check " + check));
            checks = Optional.of(checks.map(c -> c.contains(id) ? Set.of(id) : Set.<CheckId>of())
                    .orElse(Set.of(id)));
        }
        int limit = ctx.queryParam("limit") == null ? FindingFilter.MAX_LIMIT : Requests.limit(ctx);
        return new FindingFilter(statuses(ctx.queryParam("status")), severity, checks, limit);
    }

    /** {@code open}, {@code suppressed}, {@code resolved} or {@code all}; open and suppressed when absent. */
    private static Set<FindingStatus> statuses(String status) {
        if (status == null) {
            return FindingFilter.active();
        }
        if (status.equals("all")) {
            return EnumSet.allOf(FindingStatus.class);
        }
        for (FindingStatus s : FindingStatus.values()) {
            if (s.name().equalsIgnoreCase(status)) {
                return EnumSet.of(s);
            }
        }
        throw ApiException.badRequest("INVALID_FIELD", "status is open, suppressed, resolved or all");
    }

    /** {@code until} as an instant, or a date meaning the end of that day (UTC). */
    private static Instant until(String text) {
        if (text == null) {
            throw new ComplianceException(
                    ComplianceReason.INVALID_SUPPRESSION, "a suppression needs 'until': suppressions expire");
        }
        try {
            return text.length() == 10
                    ? LocalDate.parse(text)
                            .plusDays(1)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ComplianceException(
                    ComplianceReason.INVALID_SUPPRESSION, "'until' is a date (2027-01-31) or an instant (ISO 8601)");
        }
    }

    private static Instant instant(String text, String name) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_FIELD", name + " is an ISO 8601 instant");
        }
    }

    private static long findingId(String raw) {
        return number(raw, ComplianceReason.NO_SUCH_FINDING, "finding");
    }

    private static long number(String raw, ComplianceReason missing, String what) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ComplianceException(missing, "no " + what + " " + raw);
        }
    }

    private String arn(String resource) {
        return arns.arn(resource);
    }

    private static String actor(Context ctx) {
        AuditPrincipal principal = (AuditPrincipal) (Object) ctx.attribute(AuditedRoutes.PRINCIPAL);
        return principal == null ? "unknown" : principal.type() + ":" + principal.id();
    }
}
