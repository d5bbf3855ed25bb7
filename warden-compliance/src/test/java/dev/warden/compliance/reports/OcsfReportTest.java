package dev.warden.compliance.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import dev.warden.compliance.core.Frameworks;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OcsfReportTest {
    private final JsonNode events =
            JsonReportTest.read(ComplianceReports.render("etsi-en-303-645", "ocsf", ReportFixtures.input()));

    @Test
    void everyEventOfEveryFrameworkValidatesAgainstTheComplianceFindingClass() {
        Optional<Schema> schema = PublishedSchemas.ocsfComplianceFinding();
        assertThat(schema)
                .as("no OCSF schema export: see src/test/resources/schemas/README.md")
                .isPresent();

        for (String framework : Frameworks.IDS) {
            JsonNode report = JsonReportTest.read(ComplianceReports.render(framework, "ocsf", ReportFixtures.input()));
            for (JsonNode event : report) {
                assertThat(PublishedSchemas.errors(schema.get(), event))
                        .as(framework + " " + event)
                        .isEmpty();
            }
        }
    }

    @Test
    void theDerivedSchemaRefusesWhatOcsfRefuses() {
        Optional<Schema> schema = PublishedSchemas.ocsfComplianceFinding();
        assertThat(schema)
                .as("no OCSF schema export: see src/test/resources/schemas/README.md")
                .isPresent();
        JsonNode good = events.get(0);

        assertThat(PublishedSchemas.errors(schema.get(), without(good, "compliance")))
                .isNotEmpty();
        assertThat(PublishedSchemas.errors(schema.get(), with(good, "class_uid", 2001)))
                .isNotEmpty();
        assertThat(PublishedSchemas.errors(schema.get(), with(good, "severity_id", 42)))
                .isNotEmpty();
        assertThat(PublishedSchemas.errors(schema.get(), with(good, "not_an_ocsf_field", 1)))
                .isNotEmpty();
        // Nested objects are checked too, not only the event's own attributes.
        var badCompliance = (com.fasterxml.jackson.databind.node.ObjectNode) good.deepCopy();
        badCompliance.with("compliance").put("not_an_ocsf_field", 1);
        assertThat(PublishedSchemas.errors(schema.get(), badCompliance)).isNotEmpty();
        var badStatus = (com.fasterxml.jackson.databind.node.ObjectNode) good.deepCopy();
        badStatus.with("compliance").put("status_id", "not an integer");
        assertThat(PublishedSchemas.errors(schema.get(), badStatus)).isNotEmpty();
    }

    @Test
    void oneComplianceFindingEventPerFinding() {
        assertThat(events).hasSize(ReportFixtures.findings().size());
        for (JsonNode e : events) {
            assertThat(e.path("class_uid").asInt()).isEqualTo(2003);
            assertThat(e.path("category_uid").asInt()).isEqualTo(2);
            assertThat(e.path("type_uid").asLong())
                    .isEqualTo(200300L + e.path("activity_id").asInt());
            assertThat(e.path("metadata").path("version").asText()).isEqualTo(OcsfReport.OCSF_VERSION);
            assertThat(e.path("cloud").path("provider").asText()).isEqualTo("Warden");
        }
    }

    @Test
    void theLifecycleMapsOntoOcsfStatusesAndActivities() {
        JsonNode open = event(1);
        assertThat(open.path("status").asText()).isEqualTo("New");
        assertThat(open.path("compliance").path("status").asText()).isEqualTo("Fail");
        assertThat(open.path("severity_id").asInt()).isEqualTo(5);
        assertThat(open.path("activity_name").asText()).isEqualTo("Update");

        assertThat(event(5).path("status").asText()).isEqualTo("Suppressed");
        assertThat(event(5).path("compliance").path("status").asText()).isEqualTo("Fail");
        assertThat(event(6).path("status").asText()).isEqualTo("Resolved");
        assertThat(event(6).path("compliance").path("status").asText()).isEqualTo("Pass");
        assertThat(event(6).path("activity_name").asText()).isEqualTo("Close");
    }

    @Test
    void complianceNamesTheStandardAndTheControls() {
        JsonNode compliance = event(1).path("compliance");

        assertThat(compliance.path("standards").get(0).asText()).startsWith("ETSI EN 303 645");
        assertThat(compliance.path("control").asText()).isEqualTo("5.5-4, 5.6-2, 5.8-2");
        assertThat(compliance.path("checks").get(0).path("uid").asText()).isEqualTo("BUCKET_PUBLIC");
        assertThat(event(1).path("resources").get(0).path("uid").asText())
                .isEqualTo("arn:warden:s3:eu-west-1:000000000001:bucket/telemetry");
        assertThat(event(1).path("resources").get(0).path("type").asText()).isEqualTo("s3:bucket");
    }

    private JsonNode event(long findingId) {
        for (JsonNode e : events) {
            if (e.path("finding_info").path("uid").asText().endsWith(":finding/" + findingId)) {
                return e;
            }
        }
        throw new AssertionError("no event for finding " + findingId);
    }

    private static JsonNode without(JsonNode event, String field) {
        var copy = event.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(field);
        return copy;
    }

    private static JsonNode with(JsonNode event, String field, int value) {
        var copy = (com.fasterxml.jackson.databind.node.ObjectNode) event.deepCopy();
        copy.put(field, value);
        return copy;
    }
}
