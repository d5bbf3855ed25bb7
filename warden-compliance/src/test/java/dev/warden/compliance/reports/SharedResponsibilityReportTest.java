package dev.warden.compliance.reports;

import static dev.warden.compliance.core.ComplianceFixtures.ALL_RAN;
import static dev.warden.compliance.core.ComplianceFixtures.NOW;
import static dev.warden.compliance.core.ComplianceFixtures.hostile;
import static dev.warden.compliance.core.ComplianceFixtures.laptopFacts;
import static dev.warden.compliance.core.ComplianceFixtures.open;
import static dev.warden.compliance.core.ComplianceFixtures.productionFacts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Frameworks;
import dev.warden.compliance.core.Responsibility;
import dev.warden.compliance.core.StoredFinding;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class SharedResponsibilityReportTest {
    private static final String ETSI = "etsi-en-303-645";

    @Test
    void aLaptopNodeShowsItsWeaknessesWithWhatToDo() {
        List<ResponsibilityRow> rows = rows(ReportFixtures.input());

        ResponsibilityRow encryption = row(rows, "Encryption at rest");
        assertThat(encryption.holds()).isEqualTo(Holds.DOES_NOT_HOLD);
        assertThat(encryption.evidence()).contains("passphrase file beside it on the node");
        assertThat(encryption.action()).contains("passphrase off the node");

        ResponsibilityRow backups = row(rows, "Backups");
        assertThat(backups.holds()).isEqualTo(Holds.DOES_NOT_HOLD);
        assertThat(backups.responsible()).containsExactly(Responsibility.OPERATOR);
        assertThat(backups.evidence()).contains("sqlite").contains("no backup is declared");
        assertThat(backups.action()).contains("backup-policy");

        assertThat(row(rows, "Independent audit witness").holds()).isEqualTo(Holds.DOES_NOT_HOLD);
    }

    @Test
    void aSuppressedFindingShowsAsAcceptedRiskWithItsReason() {
        // the fixtures suppress CA_KEY_NOT_IN_HSM on the laptop: the CA keys are files, and someone accepted that
        ResponsibilityRow ca = row(rows(ReportFixtures.input()), "CA keys in an HSM");

        assertThat(ca.holds()).isEqualTo(Holds.ACCEPTED);
        assertThat(ca.evidence()).contains("CA keys are files on the node").contains("until the HSM arrives");
    }

    @Test
    void aProductionNodeWithNothingFoundHoldsWhereWardenCanSee() {
        ReportInput clean = new ReportInput(List.of(), List.of(), productionFacts(), NOW, ALL_RAN);
        List<ResponsibilityRow> rows = rows(clean);

        for (String control : List.of(
                "Encryption at rest",
                "CA keys in an HSM",
                "No public storage",
                "Audit trail",
                "Independent audit witness",
                "Security monitoring",
                "Backups",
                "TLS on every listener",
                "Device authentication",
                "Least-privilege IAM and device policies",
                "One IAM in every region",
                "Continuous compliance")) {
            assertThat(row(rows, control).holds()).as(control).isEqualTo(Holds.HOLDS);
            assertThat(row(rows, control).action()).as(control).isEmpty();
        }
    }

    @Test
    void theBackupsRowQuotesTheDeclaredBackupPolicyAsItsEvidence() {
        ResponsibilityRow backups =
                row(rows(new ReportInput(List.of(), List.of(), productionFacts(), NOW, ALL_RAN)), "Backups");

        assertThat(backups.holds()).isEqualTo(Holds.HOLDS);
        assertThat(backups.evidence())
                .contains("postgresql")
                .contains("declared backup (backup-policy): nightly pg_dump to the off-site bucket");
        assertThat(backups.action()).isEmpty();
    }

    @Test
    void aCheckContradictingAGoodSettingWins() {
        // GIVEN Block Public Access is on WHEN a bucket policy still grants everyone THEN storage does not hold
        StoredFinding bucket = open(1, CheckId.BUCKET_PUBLIC, "arn:warden:s3:eu-west-1:000000000001:bucket/b");
        ReportInput input = new ReportInput(List.of(bucket), List.of(), productionFacts(), NOW, ALL_RAN);

        ResponsibilityRow storage = row(rows(input), "No public storage");

        assertThat(storage.holds()).isEqualTo(Holds.DOES_NOT_HOLD);
        assertThat(storage.evidence()).contains("Block Public Access on").contains("BUCKET_PUBLIC on arn:warden:s3");
        assertThat(storage.action()).isEqualTo("remediation for BUCKET_PUBLIC");
    }

    @Test
    void aMemberRegionWithAStaleCopyOfIamDoesNotHoldOneIamInEveryRegion() {
        StoredFinding stale = open(2, CheckId.REGION_IAM_STALE, "arn:warden:region::000000000001:region/eu-west-1");
        ReportInput input = new ReportInput(List.of(stale), List.of(), productionFacts(), NOW, ALL_RAN);

        ResponsibilityRow iam = row(rows(input), "One IAM in every region");

        assertThat(iam.holds()).isEqualTo(Holds.DOES_NOT_HOLD);
        assertThat(iam.section()).isEqualTo(SeedLayerRows.CLOUD);
        assertThat(iam.evidence()).contains("REGION_IAM_STALE on arn:warden:region::000000000001:region/eu-west-1");
    }

    @Test
    void deviceSideControlsAreTheDeviceMakersAndNeverClaimedToHold() {
        List<ResponsibilityRow> rows = rows(ReportFixtures.input());

        for (String control : List.of("Secure boot", "Device key storage", "Data encryption on the device")) {
            assertThat(row(rows, control).responsible()).containsExactly(Responsibility.DEVICE_MAKER);
            assertThat(row(rows, control).holds()).isEqualTo(Holds.NOT_VISIBLE);
            assertThat(row(rows, control).section()).isEqualTo(SeedLayerRows.DEVICE);
        }
        assertThat(rows)
                .extracting(ResponsibilityRow::section)
                .contains(SeedLayerRows.DEVICE, SeedLayerRows.NETWORK, SeedLayerRows.CLOUD);
    }

    @Test
    void checksThatHaveNotRunAreNotYetChecked() {
        ReportInput input =
                new ReportInput(List.of(), List.of(), productionFacts(), NOW, EnumSet.of(CheckId.TLS_POLICY_WEAK));
        List<ResponsibilityRow> rows = rows(input);

        assertThat(row(rows, "Least-privilege IAM and device policies").holds()).isEqualTo(Holds.NOT_ASSESSED);
        assertThat(row(rows, "Continuous compliance").holds()).isEqualTo(Holds.NOT_ASSESSED);
        // every check but the one reserved for multi-region
        assertThat(row(rows, "Continuous compliance").evidence())
                .startsWith("1 of " + (CheckId.values().length - 1) + " checks have run");
    }

    @Test
    void theFrameworksControlsFollowWithTheirOwners() {
        List<ResponsibilityRow> rows = rows(ReportFixtures.input());
        String section = Frameworks.load(ETSI).title() + " (V3.1.3 (2024-09))";

        ResponsibilityRow secureBoot = row(rows, "5.7-1");
        assertThat(secureBoot.section()).isEqualTo(section);
        assertThat(secureBoot.responsible()).containsExactly(Responsibility.DEVICE_MAKER);
        assertThat(secureBoot.holds()).isEqualTo(Holds.NOT_VISIBLE);

        ResponsibilityRow storedSecurely = row(rows, "5.4-1");
        assertThat(storedSecurely.holds()).isEqualTo(Holds.DOES_NOT_HOLD);
        assertThat(storedSecurely.responsible()).containsExactly(Responsibility.WARDEN, Responsibility.OPERATOR);
        assertThat(storedSecurely.evidence()).contains("MASTER_KEY_PASSPHRASE_ON_NODE");
    }

    @Test
    void theMarkdownIsATablePerSectionThatHostileTextCannotBreak() {
        ReportInput input = new ReportInput(List.of(hostile(9)), List.of(), laptopFacts(), NOW, ALL_RAN);
        String md = new String(SharedResponsibilityReport.render("md", ETSI, input), StandardCharsets.UTF_8);
        var extensions = List.of(TablesExtension.create());
        String html = HtmlRenderer.builder()
                .extensions(extensions)
                .build()
                .render(Parser.builder().extensions(extensions).build().parse(md));
        Document rendered = Jsoup.parse(html);

        assertThat(rendered.select("script, img")).isEmpty();
        assertThat(rendered.select("h2")).hasSize(4);
        assertThat(rendered.select("table")).hasSize(4);
        assertThat(rendered.select("tr"))
                .allSatisfy(tr -> assertThat(tr.children()).hasSize(5));
        assertThat(rendered.text()).contains("thing/<script>alert(1)</script>");
        assertThat(md).doesNotContain("<script>");
    }

    @Test
    void theHtmlParsesHasTheStrictPolicyAndEscapesHostileText() {
        ReportInput input = new ReportInput(List.of(hostile(9)), List.of(), laptopFacts(), NOW, ALL_RAN);
        String html = new String(SharedResponsibilityReport.render("html", ETSI, input), StandardCharsets.UTF_8);
        org.jsoup.parser.Parser parser = org.jsoup.parser.Parser.htmlParser().setTrackErrors(100);
        Document page = Jsoup.parse(html, "", parser);

        assertThat(parser.getErrors()).isEmpty();
        assertThat(page.select("script, img, link, iframe")).isEmpty();
        String style = page.select("style").first().data();
        assertThat(page.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .contains("style-src '" + ReportStyle.sha256(style) + "'");
        assertThat(page.select("table")).hasSize(4);
        assertThat(page.text()).contains("thing/<script>alert(1)</script>");
        assertThat(page.select("td.holds-does-not-hold")).isNotEmpty();
    }

    @Test
    void formatsAndContentTypes() {
        assertThat(SharedResponsibilityReport.contentType("md")).isEqualTo("text/markdown; charset=utf-8");
        assertThat(SharedResponsibilityReport.contentType("HTML")).isEqualTo("text/html; charset=utf-8");
        assertThatThrownBy(() -> SharedResponsibilityReport.render("pdf", ETSI, ReportFixtures.input()))
                .isInstanceOf(ComplianceException.class);
        for (String framework : Frameworks.IDS) {
            assertThat(SharedResponsibilityReport.render("md", framework, ReportFixtures.input()))
                    .isNotEmpty();
        }
        assertThat(new ResponsibilityRow(
                                "s",
                                "c",
                                "d",
                                List.of(Responsibility.OPERATOR, Responsibility.DEVICE_MAKER),
                                Holds.NOT_VISIBLE,
                                "e",
                                "a")
                        .responsibleLabel())
                .isEqualTo("The operator of this node, the device maker");
    }

    private static List<ResponsibilityRow> rows(ReportInput input) {
        return SharedResponsibilityReport.rows(Frameworks.load(ETSI), input);
    }

    private static ResponsibilityRow row(List<ResponsibilityRow> rows, String control) {
        return rows.stream()
                .filter(r -> r.control().equals(control))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + control));
    }
}
