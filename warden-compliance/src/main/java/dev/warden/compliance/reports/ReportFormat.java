package dev.warden.compliance.reports;

import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.ComplianceReason;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats a framework report is written in, with the content type an HTTP response carries and the file
 * extension the CLI gives it. {@code ocsf} is a JSON array of OCSF Compliance Finding events (class 2003).
 */
public enum ReportFormat {
    JSON("json", "application/json", "json"),
    CSV("csv", "text/csv; charset=utf-8; header=present", "csv"),
    OCSF("ocsf", "application/json", "ocsf.json"),
    SARIF("sarif", "application/sarif+json", "sarif"),
    HTML("html", "text/html; charset=utf-8", "html");

    private final String id;
    private final String contentType;
    private final String extension;

    ReportFormat(String id, String contentType, String extension) {
        this.id = id;
        this.contentType = contentType;
        this.extension = extension;
    }

    public String id() {
        return id;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The format a caller named, case-insensitively; anything else is {@link ComplianceReason#UNKNOWN_FORMAT}. */
    public static ReportFormat byId(String id) {
        String wanted = id == null ? "" : id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> f.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new ComplianceException(
                        ComplianceReason.UNKNOWN_FORMAT,
                        "no report format " + id + "; one of "
                                + Arrays.stream(values()).map(ReportFormat::id).collect(Collectors.joining(", "))));
    }
}
