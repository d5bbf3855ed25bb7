package dev.warden.compliance.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import dev.warden.compliance.core.Frameworks;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SarifReportTest {
    private final JsonNode log =
            JsonReportTest.read(ComplianceReports.render("nist-800-53", "sarif", ReportFixtures.input()));

    @Test
    void everyFrameworksLogValidatesAgainstTheSarifSchemaFromMavenCentral() {
        Schema schema = PublishedSchemas.sarifFromMavenCentral();

        for (String framework : Frameworks.IDS) {
            JsonNode report = JsonReportTest.read(ComplianceReports.render(framework, "sarif", ReportFixtures.input()));
            assertThat(PublishedSchemas.errors(schema, report)).as(framework).isEmpty();
        }
    }

    @Test
    void everyFrameworksLogValidatesAgainstTheOasisErrataSchema() {
        Optional<Schema> schema = PublishedSchemas.sarifFromOasis();
        assertThat(schema)
                .as("no OASIS SARIF schema: see src/test/resources/schemas/README.md")
                .isPresent();

        for (String framework : Frameworks.IDS) {
            JsonNode report = JsonReportTest.read(ComplianceReports.render(framework, "sarif", ReportFixtures.input()));
            assertThat(PublishedSchemas.errors(schema.get(), report))
                    .as(framework)
                    .isEmpty();
        }
    }

    @Test
    void theSchemaRefusesABrokenLog() {
        ObjectNode broken = log.deepCopy();
        ((ObjectNode) broken.path("runs").get(0).path("results").get(0)).put("level", "critical");

        assertThat(PublishedSchemas.errors(PublishedSchemas.sarifFromMavenCentral(), broken))
                .isNotEmpty();
    }

    @Test
    void openAndSuppressedFindingsAreResultsResolvedOnesAreNot() {
        JsonNode results = log.path("runs").get(0).path("results");

        assertThat(results).hasSize(ReportFixtures.findings().size() - 1);
        for (JsonNode r : results) {
            assertThat(r.path("properties").path("findingId").asLong()).isNotEqualTo(6);
        }
    }

    @Test
    void aResultPointsAtItsRuleItsResourceAndCarriesItsIdentity() {
        JsonNode run = log.path("runs").get(0);
        JsonNode first = run.path("results").get(0);
        JsonNode rule = run.path("tool")
                .path("driver")
                .path("rules")
                .get(first.path("ruleIndex").asInt());

        assertThat(rule.path("id").asText()).isEqualTo(first.path("ruleId").asText());
        assertThat(first.path("level").asText()).isEqualTo("error");
        assertThat(first.path("locations")
                        .get(0)
                        .path("logicalLocations")
                        .get(0)
                        .path("fullyQualifiedName")
                        .asText())
                .startsWith("arn:warden:");
        assertThat(first.path("partialFingerprints")
                        .path(SarifReport.FINGERPRINT)
                        .asText())
                .contains(" arn:warden:");
        assertThat(rule.path("properties").path("tags").toString()).contains("nist-800-53:");
    }

    @Test
    void aSuppressedFindingCarriesSarifsOwnSuppression() {
        JsonNode suppressed = null;
        for (JsonNode r : log.path("runs").get(0).path("results")) {
            if (r.path("properties").path("findingId").asLong() == 5) {
                suppressed = r;
            }
        }
        assertThat(suppressed).isNotNull();
        assertThat(suppressed.path("suppressions").get(0).path("status").asText())
                .isEqualTo("accepted");
        assertThat(suppressed.path("suppressions").get(0).path("justification").asText())
                .contains("HSM");
    }
}
