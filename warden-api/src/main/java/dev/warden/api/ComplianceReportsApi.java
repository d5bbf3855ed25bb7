package dev.warden.api;

import static io.javalin.http.HandlerType.GET;

import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.NodeFacts;
import dev.warden.compliance.engine.ComplianceAudit;
import dev.warden.compliance.engine.ComplianceService;
import dev.warden.compliance.reports.ComplianceReports;
import dev.warden.compliance.reports.ReportInput;
import dev.warden.compliance.reports.SharedResponsibilityReport;
import dev.warden.compliance.store.FindingFilter;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Compliance reports: {@code GET /compliance/reports/{framework}?format=json|csv|ocsf|sarif|html} and
 * {@code GET /compliance/shared-responsibility?format=md|html&framework=F}, both {@code compliance:GetReport} on
 * {@code report/<name>}. A report is built from what the node holds now: every finding (open, suppressed, resolved),
 * the history of runs over the last 90 days, the node's facts and the checks that have run. An HTML report goes out
 * with its own strict Content-Security-Policy (it has no script and loads nothing).
 */
final class ComplianceReportsApi {
    private static final Duration HISTORY = Duration.ofDays(90);
    private static final String DEFAULT_FRAMEWORK = "etsi-en-303-645";

    private final ComplianceService compliance;
    private final ComplianceAudit arns;
    private final Supplier<NodeFacts> facts;
    private final Clock clock;

    ComplianceReportsApi(ComplianceService compliance, ComplianceAudit arns, Supplier<NodeFacts> facts, Clock clock) {
        this.compliance = compliance;
        this.arns = arns;
        this.facts = facts;
        this.clock = clock;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                GET,
                "/compliance/reports/{framework}",
                "compliance:GetReport",
                ctx -> arns.arn("report/" + ctx.pathParam("framework")),
                admin.apply(ctx -> {
                    String framework = ctx.pathParam("framework");
                    String format = format(ctx, "json");
                    byte[] body = ComplianceReports.render(framework, format, input());
                    send(ctx, body, ComplianceReports.contentType(format), format.equals("html"));
                    ctx.header(
                            "Content-Disposition",
                            "attachment; filename=\"" + ComplianceReports.fileName(framework, format) + "\"");
                }));
        routes.add(
                GET,
                "/compliance/shared-responsibility",
                "compliance:GetReport",
                ctx -> arns.arn("report/shared-responsibility"),
                admin.apply(ctx -> {
                    String format = format(ctx, "md");
                    String framework =
                            Optional.ofNullable(ctx.queryParam("framework")).orElse(DEFAULT_FRAMEWORK);
                    byte[] body = SharedResponsibilityReport.render(format, framework, input());
                    send(ctx, body, SharedResponsibilityReport.contentType(format), format.equals("html"));
                }));
    }

    private ReportInput input() {
        Instant now = clock.instant();
        return new ReportInput(
                compliance.findings(new FindingFilter(
                        EnumSet.allOf(FindingStatus.class),
                        Optional.empty(),
                        Optional.empty(),
                        FindingFilter.MAX_LIMIT)),
                compliance.history(now.minus(HISTORY)),
                facts.get(),
                now,
                compliance.checksRun());
    }

    private static String format(Context ctx, String fallback) {
        return Optional.ofNullable(ctx.queryParam("format")).orElse(fallback);
    }

    private static void send(Context ctx, byte[] body, String contentType, boolean html) {
        if (html) {
            ctx.header("Content-Security-Policy", ComplianceReports.contentSecurityPolicy());
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(contentType).result(body);
    }
}
