package dev.warden.compliance.reports;

import dev.warden.compliance.core.Framework;
import dev.warden.compliance.core.Frameworks;

/**
 * The one entry point the API and the CLI call to write a framework report: pure (no clock, no I/O beyond the
 * framework files and templates shipped with the build), so the same input gives the same bytes.
 *
 * <pre>{@code
 * byte[] body = ComplianceReports.render("nist-800-53", "sarif", input);
 * String type = ComplianceReports.contentType("sarif");     // application/sarif+json
 * }</pre>
 *
 * An unknown framework is {@code NO_SUCH_FRAMEWORK}, an unknown format {@code UNKNOWN_FORMAT}, both as a
 * {@link dev.warden.compliance.ComplianceException}.
 */
public final class ComplianceReports {
    private ComplianceReports() {}

    /**
     * The report of {@code framework} ({@link Frameworks#IDS}) in {@code format} ({@code json}, {@code csv},
     * {@code ocsf}, {@code sarif} or {@code html}), UTF-8.
     */
    public static byte[] render(String framework, String format, ReportInput input) {
        ReportFormat reportFormat = ReportFormat.byId(format);
        return render(Frameworks.load(framework), reportFormat, input);
    }

    public static byte[] render(Framework framework, ReportFormat format, ReportInput input) {
        ReportContext ctx = ReportContext.of(framework, input);
        switch (format) {
            case JSON:
                return JsonReport.render(ctx);
            case CSV:
                return CsvReport.render(ctx);
            case OCSF:
                return OcsfReport.render(ctx);
            case SARIF:
                return SarifReport.render(ctx);
            case HTML:
                return HtmlReport.render(ctx);
            default:
                throw new IllegalArgumentException("format " + format);
        }
    }

    /** The {@code Content-Type} of a report in {@code format}. */
    public static String contentType(String format) {
        return ReportFormat.byId(format).contentType();
    }

    /** The file name the CLI suggests, e.g. {@code warden-compliance-nist-800-53.sarif}. */
    public static String fileName(String framework, String format) {
        return "warden-compliance-" + Frameworks.load(framework).id() + "."
                + ReportFormat.byId(format).extension();
    }

    /**
     * The {@code Content-Security-Policy} header to send with an HTML report (the page also carries it in a
     * {@code <meta>} element): no script, nothing loaded, only the page's own inline style by hash.
     */
    public static String contentSecurityPolicy() {
        return ReportStyle.HTTP_POLICY;
    }
}
