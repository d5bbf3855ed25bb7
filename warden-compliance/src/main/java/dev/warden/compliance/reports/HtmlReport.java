package dev.warden.compliance.reports;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.ControlPosture;
import dev.warden.compliance.core.ControlStatus;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Fix;
import dev.warden.compliance.core.Framework;
import dev.warden.compliance.core.FrameworkPosture;
import dev.warden.compliance.core.Frameworks;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The framework report as one self-contained HTML page ({@code compliance-report.jte}): the posture summary per
 * severity and per framework, the control table, the findings with their remediation, and the chart of open findings
 * over time. This class only turns the posture into the page's rows; the template writes them, escaped.
 */
final class HtmlReport {
    private HtmlReport() {}

    /** What the template shows; every string in it is plain text, escaped by the template. */
    record View(
            String css,
            String policy,
            String frameworkTitle,
            String frameworkVersion,
            String frameworkUrl,
            String region,
            String account,
            boolean production,
            String generatedAt,
            List<SeverityCount> frameworkOpen,
            List<SeverityCount> allOpen,
            List<FrameworkRow> frameworks,
            List<ControlRow> controls,
            List<FindingRow> findings,
            HistoryChart chart) {}

    record SeverityCount(String severity, String cssClass, int count) {}

    record FrameworkRow(
            String id,
            String title,
            boolean current,
            int met,
            int notMet,
            int suppressed,
            int notAssessed,
            int notCovered) {}

    record ControlRow(
            String id,
            String title,
            String status,
            String statusClass,
            String owner,
            String checks,
            List<String> findingAnchors) {}

    record FindingRow(
            String anchor,
            long id,
            String severity,
            String severityClass,
            String status,
            String check,
            String title,
            String resource,
            String detail,
            String remediation,
            String fixCommand,
            String controls,
            String firstSeen,
            String lastSeen,
            String suppression) {}

    static byte[] render(ReportContext ctx) {
        return Templates.render("compliance-report.jte", view(ctx));
    }

    static View view(ReportContext ctx) {
        Framework framework = ctx.framework();
        var facts = ctx.input().facts();
        return new View(
                ReportStyle.CSS,
                ReportStyle.META_POLICY,
                framework.title(),
                framework.version(),
                framework.url(),
                facts.region(),
                facts.account(),
                facts.production(),
                ctx.input().generatedAt().toString(),
                severities(ctx.posture().openBySeverity()),
                severities(allOpen(ctx.input().findings())),
                frameworks(ctx),
                ctx.posture().controls().stream().map(HtmlReport::control).toList(),
                ctx.findings().stream().map(f -> finding(ctx, f)).toList(),
                HistoryChart.of(ctx.input().history()));
    }

    private static List<SeverityCount> severities(Map<Severity, Integer> counts) {
        return List.of(Severity.values()).stream()
                .map(s -> new SeverityCount(s.id(), "sev-" + s.id(), counts.getOrDefault(s, 0)))
                .toList();
    }

    private static Map<Severity, Integer> allOpen(List<StoredFinding> findings) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        findings.stream()
                .filter(f -> f.status() == FindingStatus.OPEN)
                .forEach(f -> counts.merge(f.finding().severity(), 1, Integer::sum));
        return counts;
    }

    /** Every framework's control counts, so a reader sees this framework beside the others. */
    private static List<FrameworkRow> frameworks(ReportContext ctx) {
        return Frameworks.all().stream()
                .map(f -> f.id().equals(ctx.framework().id())
                        ? ctx.posture()
                        : FrameworkPosture.assess(
                                f, ctx.input().findings(), ctx.input().checksRun()))
                .map(p -> new FrameworkRow(
                        p.framework().id(),
                        p.framework().title(),
                        p.framework().id().equals(ctx.framework().id()),
                        p.byStatus().getOrDefault(ControlStatus.MET, 0),
                        p.byStatus().getOrDefault(ControlStatus.NOT_MET, 0),
                        p.byStatus().getOrDefault(ControlStatus.SUPPRESSED, 0),
                        p.byStatus().getOrDefault(ControlStatus.NOT_ASSESSED, 0),
                        p.byStatus().getOrDefault(ControlStatus.NOT_COVERED, 0)))
                .toList();
    }

    private static ControlRow control(ControlPosture c) {
        String checks = c.control().checks().stream()
                .map(CheckId::name)
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        String owner = c.control().covered()
                ? "Warden checks; the operator acts on findings"
                : c.control().owner().label();
        List<String> anchors = c.open().stream().map(f -> anchor(f.id())).toList();
        return new ControlRow(
                c.control().id(),
                c.control().title(),
                c.status().label(),
                "status-" + c.status().id(),
                owner,
                checks,
                anchors);
    }

    private static FindingRow finding(ReportContext ctx, StoredFinding stored) {
        Finding f = stored.finding();
        String suppression = stored.suppression()
                .map(s -> s.reason() + " (" + s.owner() + ", until " + s.until() + (s.baseline() ? ", baseline" : "")
                        + ")")
                .orElse("");
        return new FindingRow(
                anchor(stored.id()),
                stored.id(),
                f.severity().id(),
                "sev-" + f.severity().id(),
                stored.status().name().toLowerCase(Locale.ROOT),
                f.check().name(),
                f.check().title(),
                f.resourceArn(),
                f.detail(),
                f.remediation(),
                f.fix().map(Fix::command).orElse(""),
                String.join(", ", ctx.controlIds(f.check())),
                stored.firstSeen().toString(),
                stored.lastSeen().toString(),
                suppression);
    }

    static String anchor(long findingId) {
        return "finding-" + findingId;
    }
}
