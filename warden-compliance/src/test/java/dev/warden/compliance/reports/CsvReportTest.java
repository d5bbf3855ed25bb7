package dev.warden.compliance.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The CSV report as an independent RFC 4180 parser (Apache Commons CSV) reads it. */
class CsvReportTest {
    private final String csv =
            new String(ComplianceReports.render("cis-v8", "csv", ReportFixtures.input()), StandardCharsets.UTF_8);

    @Test
    void oneRowPerFindingUnderTheHeaderWithCrlfLineEnds() throws IOException {
        List<CSVRecord> records = parse();

        assertThat(records).hasSize(ReportFixtures.findings().size());
        assertThat(csv).startsWith(String.join(",", CsvReport.HEADER) + "\r\n");
        assertThat(records).allSatisfy(r -> assertThat(r.size()).isEqualTo(CsvReport.HEADER.size()));
    }

    @Test
    void quotesCommasAndNewlinesSurviveTheRoundTrip() throws IOException {
        CSVRecord hostile = byId("7");

        assertThat(hostile.get("resource_arn")).endsWith("thing/<script>alert(1)</script>\"'&");
        assertThat(hostile.get("detail"))
                .isEqualTo("used by <img src=x onerror=alert(2)> and \"quoted\", commas, and a\nnewline");
        assertThat(hostile.get("fix_command")).isEqualTo("warden thing revoke-cert '<script>'");
    }

    @Test
    void lifecycleAndControlColumns() throws IOException {
        CSVRecord bucket = byId("1");
        assertThat(bucket.get("status")).isEqualTo("open");
        assertThat(bucket.get("severity")).isEqualTo("critical");
        assertThat(bucket.get("controls")).isEqualTo("3.3");
        assertThat(bucket.get("resolved_at")).isEmpty();

        CSVRecord suppressed = byId("5");
        assertThat(suppressed.get("suppression_owner")).isEqualTo("ops@example.com");
        assertThat(suppressed.get("suppressed_until")).isNotEmpty();

        assertThat(byId("6").get("resolved_at")).isNotEmpty();
    }

    @Test
    void aCellASpreadsheetWouldRunAsAFormulaIsDefused() throws IOException {
        for (String formula : List.of("=HYPERLINK(\"http://x\")", "+1", "-1+1", "@SUM(A1)", "\tx")) {
            String field = CsvReport.field(formula);
            String parsed = CSVFormat.RFC4180
                    .parse(new StringReader(field))
                    .getRecords()
                    .get(0)
                    .get(0);

            assertThat(parsed).isEqualTo("'" + formula);
        }
        assertThat(CsvReport.field("arn:warden:s3:eu-west-1:1:bucket/b"))
                .isEqualTo("arn:warden:s3:eu-west-1:1:bucket/b");
    }

    private CSVRecord byId(String id) throws IOException {
        return parse().stream().filter(r -> r.get("id").equals(id)).findFirst().orElseThrow();
    }

    private List<CSVRecord> parse() throws IOException {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            return parser.getRecords();
        }
    }
}
