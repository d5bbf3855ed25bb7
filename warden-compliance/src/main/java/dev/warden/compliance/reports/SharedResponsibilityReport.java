package dev.warden.compliance.reports;

import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.ComplianceReason;
import dev.warden.compliance.core.Framework;
import dev.warden.compliance.core.FrameworkPosture;
import dev.warden.compliance.core.Frameworks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shared-responsibility report ({@code warden report shared-responsibility}): for each control of the seed's three
 * layers and of the chosen framework, who answers for it (Warden, the operator of this node, the device maker),
 * whether it holds on this node now, the evidence (a setting from {@link dev.warden.compliance.core.NodeFacts} or a
 * check's result) and what to do where it does not. Markdown or HTML; pure, like {@link ComplianceReports}.
 */
public final class SharedResponsibilityReport {
    private SharedResponsibilityReport() {}

    /** Sections in order (the seed's layers, then the framework), each with its rows. */
    record View(
            String css,
            String policy,
            String region,
            String account,
            boolean production,
            String generatedAt,
            String frameworkTitle,
            List<HoldsCount> summary,
            List<Section> sections) {}

    record Section(String title, List<ResponsibilityRow> rows) {}

    record HoldsCount(String label, String cssClass, int count) {}

    /** The report in {@code format} ({@code md} or {@code html}) for the framework with this id, UTF-8. */
    public static byte[] render(String format, String framework, ReportInput input) {
        return render(format, Frameworks.load(framework), input);
    }

    public static byte[] render(String format, Framework framework, ReportInput input) {
        View view = view(framework, input);
        switch (formatId(format)) {
            case "md":
                return markdown(view).getBytes(StandardCharsets.UTF_8);
            case "html":
                return Templates.render("shared-responsibility.jte", view);
            default:
                throw new IllegalStateException("format " + format);
        }
    }

    /** {@code text/markdown; charset=utf-8} or {@code text/html; charset=utf-8}. */
    public static String contentType(String format) {
        return "md".equals(formatId(format)) ? "text/markdown; charset=utf-8" : "text/html; charset=utf-8";
    }

    /** Every row, in report order: for an API that wants them as data. */
    public static List<ResponsibilityRow> rows(Framework framework, ReportInput input) {
        List<ResponsibilityRow> rows = new ArrayList<>(SeedLayerRows.of(input));
        rows.addAll(FrameworkRows.of(FrameworkPosture.assess(framework, input.findings(), input.checksRun())));
        return List.copyOf(rows);
    }

    private static String formatId(String format) {
        String id = format == null ? "" : format.toLowerCase(Locale.ROOT);
        if (!id.equals("md") && !id.equals("html")) {
            throw new ComplianceException(
                    ComplianceReason.UNKNOWN_FORMAT, "no shared-responsibility format " + format + "; one of md, html");
        }
        return id;
    }

    static View view(Framework framework, ReportInput input) {
        Map<String, List<ResponsibilityRow>> sections = new LinkedHashMap<>();
        Map<Holds, Integer> counts = new EnumMap<>(Holds.class);
        for (ResponsibilityRow row : rows(framework, input)) {
            sections.computeIfAbsent(row.section(), s -> new ArrayList<>()).add(row);
            counts.merge(row.holds(), 1, Integer::sum);
        }
        List<HoldsCount> summary = new ArrayList<>();
        for (Holds holds : Holds.values()) {
            summary.add(new HoldsCount(holds.label(), "holds-" + holds.id(), counts.getOrDefault(holds, 0)));
        }
        var facts = input.facts();
        return new View(
                ReportStyle.CSS,
                ReportStyle.META_POLICY,
                facts.region(),
                facts.account(),
                facts.production(),
                input.generatedAt().toString(),
                framework.title() + " (" + framework.version() + ")",
                summary,
                sections.entrySet().stream()
                        .map(e -> new Section(e.getKey(), e.getValue()))
                        .toList());
    }

    static String markdown(View view) {
        StringBuilder md = new StringBuilder();
        md.append("# Shared responsibility on this Warden node\n\n");
        md.append("Region `")
                .append(MarkdownText.escape(view.region()))
                .append("`, account `")
                .append(MarkdownText.escape(view.account()))
                .append("`, ")
                .append(view.production() ? "marked production" : "not marked production")
                .append(". Generated ")
                .append(MarkdownText.escape(view.generatedAt()))
                .append(".\n\n");
        md.append("Warden secures what it runs and checks; the operator of this node configures and operates it and "
                        + "acts on its findings; the device maker secures what runs on the device. Framework: ")
                .append(MarkdownText.escape(view.frameworkTitle()))
                .append(".\n\n");
        md.append("Summary:");
        for (HoldsCount c : view.summary()) {
            md.append(' ').append(c.label()).append(": ").append(c.count()).append(';');
        }
        md.setLength(md.length() - 1);
        md.append(".\n");
        for (Section section : view.sections()) {
            md.append("\n## ").append(MarkdownText.escape(section.title())).append("\n\n");
            md.append("| Control | Responsible | Holds now | Evidence | What to do |\n");
            md.append("|---|---|---|---|---|\n");
            for (ResponsibilityRow row : section.rows()) {
                md.append("| **")
                        .append(MarkdownText.escape(row.control()))
                        .append("**: ")
                        .append(MarkdownText.escape(row.description()))
                        .append(" | ")
                        .append(MarkdownText.escape(row.responsibleLabel()))
                        .append(" | ")
                        .append(MarkdownText.escape(row.holds().label()))
                        .append(" | ")
                        .append(MarkdownText.escape(row.evidence()))
                        .append(" | ")
                        .append(MarkdownText.escape(row.action()))
                        .append(" |\n");
            }
        }
        return md.toString();
    }
}
