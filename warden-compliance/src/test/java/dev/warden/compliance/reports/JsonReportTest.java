package dev.warden.compliance.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.compliance.core.ComplianceFixtures;
import org.junit.jupiter.api.Test;

class JsonReportTest {
    private final JsonNode report = read(ComplianceReports.render("nist-800-53", "json", ReportFixtures.input()));

    @Test
    void carriesTheFrameworkTheNodeAndTheSummary() {
        assertThat(report.path("reportVersion").asInt()).isEqualTo(1);
        assertThat(report.path("generatedAt").asText()).isEqualTo(ComplianceFixtures.NOW.toString());
        assertThat(report.path("framework").path("id").asText()).isEqualTo("nist-800-53");
        assertThat(report.path("node").path("region").asText()).isEqualTo("eu-west-1");
        assertThat(report.path("summary").path("openFindings").path("critical").asInt())
                .isEqualTo(2);
        assertThat(report.path("summary").path("controls").path("not-covered").asInt())
                .isPositive();
    }

    @Test
    void aControlNamesItsOpenFindingsAndAnUncoveredOneItsOwner() {
        JsonNode sc28 = control("SC-28");
        assertThat(sc28.path("status").asText()).isEqualTo("not-met");
        assertThat(sc28.path("openFindings").toString()).contains("1").contains("3");

        JsonNode cp9 = control("CP-9");
        assertThat(cp9.path("status").asText()).isEqualTo("not-covered");
        assertThat(cp9.path("owner").asText()).isEqualTo("operator");
    }

    @Test
    void findingsComeOpenFirstBySeverityWithTheirLifecycleAndControls() {
        JsonNode findings = report.path("findings");
        assertThat(findings).hasSize(7);
        assertThat(findings.get(0).path("severity").asText()).isEqualTo("critical");
        assertThat(findings.get(findings.size() - 1).path("status").asText()).isEqualTo("resolved");
        JsonNode suppressed = findings.get(findings.size() - 2);
        assertThat(suppressed.path("status").asText()).isEqualTo("suppressed");
        assertThat(suppressed.path("suppression").path("owner").asText()).isEqualTo("ops@example.com");
        assertThat(findings.get(0).path("controls")).isNotEmpty();
    }

    @Test
    void hostileTextIsCarriedExactlyAsData() {
        JsonNode hostile = null;
        for (JsonNode f : report.path("findings")) {
            if (f.path("id").asLong() == 7) {
                hostile = f;
            }
        }
        assertThat(hostile).isNotNull();
        assertThat(hostile.path("resourceArn").asText()).endsWith("thing/<script>alert(1)</script>\"'&");
        assertThat(hostile.path("fix").path("command").asText()).isEqualTo("warden thing revoke-cert '<script>'");
    }

    @Test
    void historyListsEveryRunWithEverySeverity() {
        assertThat(report.path("history")).hasSize(7);
        assertThat(report.path("history").get(0).path("open").size()).isEqualTo(4);
    }

    private JsonNode control(String id) {
        for (JsonNode c : report.path("controls")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no control " + id);
    }

    static JsonNode read(byte[] body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
