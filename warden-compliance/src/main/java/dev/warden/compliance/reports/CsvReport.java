package dev.warden.compliance.reports;

import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Fix;
import dev.warden.compliance.core.StoredFinding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One row per finding, RFC 4180: a header row, CRLF line ends, every field quoted when it holds a comma, a quote, CR
 * or LF (quotes doubled). Resource names and details can hold text a device or a user chose, so a field that a
 * spreadsheet would run as a formula ({@code = + - @}, tab or CR first) is prefixed with an apostrophe (OWASP's advice
 * against CSV injection); the JSON and OCSF reports carry the exact text.
 */
final class CsvReport {
    static final List<String> HEADER = List.of(
            "id",
            "status",
            "severity",
            "check",
            "title",
            "layer",
            "resource_arn",
            "reason_code",
            "detail",
            "remediation",
            "fix_command",
            "controls",
            "first_seen",
            "last_seen",
            "resolved_at",
            "suppressed_until",
            "suppression_reason",
            "suppression_owner");

    private CsvReport() {}

    static byte[] render(ReportContext ctx) {
        StringBuilder out = new StringBuilder();
        row(out, HEADER);
        for (StoredFinding stored : ctx.findings()) {
            row(out, fields(ctx, stored));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> fields(ReportContext ctx, StoredFinding stored) {
        Finding f = stored.finding();
        var suppression = stored.suppression();
        return List.of(
                Long.toString(stored.id()),
                stored.status().name().toLowerCase(Locale.ROOT),
                f.severity().id(),
                f.check().name(),
                f.check().title(),
                f.check().category().layer(),
                f.resourceArn(),
                f.reasonCode(),
                f.detail(),
                f.remediation(),
                f.fix().map(Fix::command).orElse(""),
                String.join(";", ctx.controlIds(f.check())),
                stored.firstSeen().toString(),
                stored.lastSeen().toString(),
                stored.resolvedAt().map(Instant::toString).orElse(""),
                suppression.map(s -> s.until().toString()).orElse(""),
                suppression.map(StoredFinding.Suppression::reason).orElse(""),
                suppression.map(StoredFinding.Suppression::owner).orElse(""));
    }

    private static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String field(String raw) {
        String value = defused(raw);
        boolean quote = value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static String defused(String value) {
        if (value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean formula =
                first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula ? "'" + value : value;
    }
}
