package dev.warden.compliance.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.ComplianceReason;
import dev.warden.compliance.core.ComplianceFixtures;
import dev.warden.compliance.core.Frameworks;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComplianceReportsTest {
    @Test
    void everyFrameworkRendersInEveryFormat() {
        for (String framework : Frameworks.IDS) {
            for (ReportFormat format : ReportFormat.values()) {
                byte[] body = ComplianceReports.render(framework, format.id(), ReportFixtures.input());

                assertThat(body).as(framework + " " + format).isNotEmpty();
            }
        }
    }

    @Test
    void theSameInputGivesTheSameBytes() {
        for (ReportFormat format : ReportFormat.values()) {
            assertThat(ComplianceReports.render("cis-v8", format.id(), ReportFixtures.input()))
                    .isEqualTo(ComplianceReports.render("cis-v8", format.id(), ReportFixtures.input()));
        }
    }

    @Test
    void aNodeWithoutFindingsOrHistoryStillRendersEveryFormat() {
        ReportInput empty = new ReportInput(
                List.of(), List.of(), ComplianceFixtures.productionFacts(), ComplianceFixtures.NOW, Set.of());

        for (ReportFormat format : ReportFormat.values()) {
            assertThat(ComplianceReports.render("nist-800-53", format.id(), empty))
                    .isNotEmpty();
        }
    }

    @Test
    void contentTypesAndFileNamesPerFormat() {
        assertThat(ComplianceReports.contentType("json")).isEqualTo("application/json");
        assertThat(ComplianceReports.contentType("ocsf")).isEqualTo("application/json");
        assertThat(ComplianceReports.contentType("sarif")).isEqualTo("application/sarif+json");
        assertThat(ComplianceReports.contentType("CSV")).startsWith("text/csv");
        assertThat(ComplianceReports.contentType("html")).isEqualTo("text/html; charset=utf-8");
        assertThat(ComplianceReports.fileName("nist-800-53", "sarif")).isEqualTo("warden-compliance-nist-800-53.sarif");
    }

    @Test
    void anUnknownFormatIsRefusedWithItsReason() {
        assertThatThrownBy(() -> ComplianceReports.render("cis-v8", "pdf", ReportFixtures.input()))
                .isInstanceOfSatisfying(
                        ComplianceException.class,
                        e -> assertThat(e.reason()).isEqualTo(ComplianceReason.UNKNOWN_FORMAT))
                .hasMessageContaining("sarif");
    }

    @Test
    void anUnknownFrameworkIsRefusedWithItsReason() {
        assertThatThrownBy(() -> ComplianceReports.render("iso-27001", "json", ReportFixtures.input()))
                .isInstanceOfSatisfying(
                        ComplianceException.class,
                        e -> assertThat(e.reason()).isEqualTo(ComplianceReason.NO_SUCH_FRAMEWORK));
    }

    @Test
    void theServedPolicyForbidsScriptsAndFraming() {
        assertThat(ComplianceReports.contentSecurityPolicy())
                .startsWith("default-src 'none'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("script-src");
    }
}
