package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import dev.warden.api.AuditedRoutes;
import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.ComplianceReason;
import dev.warden.compliance.core.ControlStatus;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Fix;
import dev.warden.compliance.core.FrameworkPosture;
import dev.warden.compliance.core.Frameworks;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import dev.warden.compliance.reports.ComplianceReports;
import dev.warden.compliance.reports.ReportFormat;
import dev.warden.compliance.reports.ReportInput;
import dev.warden.compliance.store.FindingFilter;
import dev.warden.console.core.FixPlan;
import dev.warden.console.view.ComplianceView;
import dev.warden.console.view.FindingView;
import dev.warden.console.view.PostureView;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Compliance: open findings per severity and in full (check, severity, resource, reason, remediation, the fix's
 * command), the suppressions that set findings aside ({@code compliance:ListFindings}, as the API's list with
 * {@code status=suppressed}), the posture per framework as a panel of its own and the reports to download
 * ({@code compliance:GetReport} on {@code report/<framework>}, the same bytes, type and file name as the API's
 * {@code /compliance/reports/{framework}}), and a finding's page ({@code compliance:DescribeFinding}), which is the
 * confirmation step of its fix ({@link ComplianceFixes}).
 */
final class CompliancePages {
    /** The posture history a report charts, as the API's. */
    private static final Duration HISTORY = Duration.ofDays(90);
    /** The formats offered for download: for code scanning, for a SIEM, for a person. */
    private static final List<String> FORMATS = List.of("sarif", "ocsf", "html");

    private final ComplianceServices services;
    private final Clock clock;

    CompliancePages(ComplianceServices services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/compliance",
                "compliance:ListFindings",
                ctx -> services.arns().arn("finding/*"),
                Pages.guarded(signedIn.apply(this::list)));
        routes.add(
                GET,
                "/console/compliance/posture",
                "compliance:GetReport",
                ctx -> services.arns().arn("report/*"),
                Pages.guarded(signedIn.apply(this::posture)));
        routes.add(
                GET,
                "/console/compliance/reports/{framework}",
                "compliance:GetReport",
                ctx -> services.arns().arn("report/" + ctx.pathParam("framework")),
                Pages.guarded(signedIn.apply(this::report)));
        routes.add(
                GET,
                "/console/compliance/findings/{id}",
                "compliance:DescribeFinding",
                ctx -> services.arns().arn("finding/" + ctx.pathParam("id")),
                Pages.guarded(signedIn.apply(this::show)));
    }

    private void list(Context ctx) {
        List<StoredFinding> active = services.compliance().findings(FindingFilter.activeOnly());
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        Arrays.stream(Severity.values()).forEach(s -> bySeverity.put(s.id(), 0L));
        List<ComplianceView.FindingRow> open = active.stream()
                .filter(f -> f.status() == FindingStatus.OPEN)
                .sorted(Comparator.comparing((StoredFinding f) -> f.finding().severity())
                        .thenComparingLong(StoredFinding::id))
                .map(CompliancePages::row)
                .toList();
        open.forEach(f -> bySeverity.merge(f.severity(), 1L, Long::sum));
        List<ComplianceView.SuppressedRow> suppressed = active.stream()
                .filter(f -> f.status() == FindingStatus.SUPPRESSED
                        && f.suppression().isPresent())
                .map(CompliancePages::suppressed)
                .toList();
        Pages.render(
                ctx,
                "compliance.jte",
                new ComplianceView(
                        SignIn.frame(ctx, "Compliance", "compliance"),
                        bySeverity,
                        open,
                        suppressed,
                        Frameworks.IDS,
                        FORMATS));
    }

    private void posture(Context ctx) {
        List<StoredFinding> all = allFindings();
        Set<dev.warden.compliance.core.CheckId> ran = services.compliance().checksRun();
        List<PostureView.Row> rows = Frameworks.all().stream()
                .map(framework -> {
                    FrameworkPosture p = FrameworkPosture.assess(framework, all, ran);
                    Map<ControlStatus, Integer> c = p.byStatus();
                    Map<Severity, Integer> s = p.openBySeverity();
                    return new PostureView.Row(
                            framework.id(),
                            framework.title(),
                            c.get(ControlStatus.MET),
                            c.get(ControlStatus.NOT_MET),
                            c.get(ControlStatus.SUPPRESSED),
                            c.get(ControlStatus.NOT_ASSESSED),
                            c.get(ControlStatus.NOT_COVERED),
                            s.get(Severity.CRITICAL),
                            s.get(Severity.HIGH),
                            s.get(Severity.MEDIUM),
                            s.get(Severity.LOW));
                })
                .toList();
        Pages.render(ctx, "compliance-posture.jte", new PostureView(rows));
    }

    /** The API's report, byte for byte in kind: its type, its file name, and the report's own policy for HTML. */
    private void report(Context ctx) {
        String framework = ctx.pathParam("framework");
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("sarif");
        Instant now = clock.instant();
        ReportInput input = new ReportInput(
                allFindings(),
                services.compliance().history(now.minus(HISTORY)),
                services.facts().get(),
                now,
                checksRun());
        byte[] body = ComplianceReports.render(framework, format, input);
        if (ReportFormat.byId(format) == ReportFormat.HTML) {
            ctx.header("Content-Security-Policy", ComplianceReports.contentSecurityPolicy());
        }
        ctx.header(
                        "Content-Disposition",
                        "attachment; filename=\"" + ComplianceReports.fileName(framework, format) + "\"")
                .contentType(ComplianceReports.contentType(format))
                .result(body);
    }

    private void show(Context ctx) {
        StoredFinding stored = services.compliance().finding(findingId(ctx.pathParam("id")));
        Finding f = stored.finding();
        Optional<Fix> fix = f.fix();
        Optional<FixPlan> plan = fix.flatMap(x -> FixPlan.of(x.method(), x.path(), x.iamAction(), x.body()));
        // Said only when the fix's change has been made: the query string alone proves nothing.
        String notice = ctx.queryParam("fixed") == null
                ? null
                : stored.status() == FindingStatus.RESOLVED
                        ? "The fix ran and the check no longer finds this: the finding is resolved."
                        : "The fix ran; the check re-runs on the change within seconds (reload to see it).";
        Pages.render(
                ctx,
                "finding.jte",
                new FindingView(
                        SignIn.frame(ctx, "Finding " + stored.id(), "compliance"),
                        row(stored),
                        stored.status().name().toLowerCase(java.util.Locale.ROOT),
                        f.detail() == null ? "" : f.detail(),
                        stored.firstSeen().toString(),
                        stored.lastSeen().toString(),
                        plan.map(FixPlan::effect).orElse(""),
                        fix.map(x -> x.method() + " " + x.path() + (x.body() == null ? "" : " " + x.body()))
                                .orElse(""),
                        fix.map(Fix::iamAction).orElse(""),
                        plan.filter(p -> stored.status() != FindingStatus.RESOLVED)
                                .map(p -> ComplianceFixes.route(stored.id(), p.kind()))
                                .orElse(""),
                        notice));
    }

    private List<StoredFinding> allFindings() {
        return services.compliance()
                .findings(new FindingFilter(
                        EnumSet.allOf(FindingStatus.class),
                        Optional.empty(),
                        Optional.empty(),
                        FindingFilter.MAX_LIMIT));
    }

    private Set<dev.warden.compliance.core.CheckId> checksRun() {
        return services.compliance().checksRun();
    }

    static ComplianceView.FindingRow row(StoredFinding stored) {
        Finding f = stored.finding();
        return new ComplianceView.FindingRow(
                stored.id(),
                f.check().name(),
                f.severity().id(),
                f.resourceArn(),
                f.reasonCode(),
                f.remediation() == null ? "" : f.remediation(),
                f.fix().map(Fix::command).orElse(""));
    }

    private static ComplianceView.SuppressedRow suppressed(StoredFinding stored) {
        StoredFinding.Suppression s = stored.suppression().orElseThrow();
        return new ComplianceView.SuppressedRow(
                stored.id(),
                stored.finding().check().name(),
                stored.finding().resourceArn(),
                s.id(),
                s.reason() == null ? "" : s.reason(),
                s.owner() == null ? "" : s.owner(),
                s.until().toString(),
                s.baseline());
    }

    /** A finding's id from a path, refused as the API refuses it: no such finding. */
    static long findingId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ComplianceException(ComplianceReason.NO_SUCH_FINDING, "no finding " + raw);
        }
    }
}
