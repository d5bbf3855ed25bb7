package dev.warden.compliance.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.core.ComplianceFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.ParseErrorList;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

/** The HTML report as an independent HTML5 parser (jsoup) reads it. */
class HtmlReportTest {
    private final String html =
            new String(ComplianceReports.render("nist-800-53", "html", ReportFixtures.input()), StandardCharsets.UTF_8);
    private final Document page = Jsoup.parse(html);

    @Test
    void theDocumentParsesWithoutErrors() {
        Parser parser = Parser.htmlParser().setTrackErrors(100);
        Jsoup.parse(html, "", parser);
        ParseErrorList errors = parser.getErrors();

        assertThat(errors).isEmpty();
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(page.select("html").attr("lang")).isEqualTo("en");
    }

    @Test
    void hostileTextInAFindingIsTextNotMarkup() {
        // GIVEN a thing named <script>alert(1)</script> and a detail holding an <img onerror>
        // WHEN the report is rendered THEN both show as text and no element of theirs exists
        assertThat(page.select("script")).isEmpty();
        assertThat(page.select("img")).isEmpty();
        assertThat(page.getAllElements())
                .noneMatch(e -> e.attributes().asList().stream()
                        .anyMatch(a -> a.getKey().startsWith("on")));
        Element hostile = page.getElementById("finding-7");
        assertThat(hostile).isNotNull();
        assertThat(hostile.text()).contains("thing/<script>alert(1)</script>\"'&");
        assertThat(hostile.text()).contains("<img src=x onerror=alert(2)>");
        assertThat(html).doesNotContain("<script>alert(1)");
    }

    @Test
    void thePageCarriesAStrictPolicyThatAdmitsOnlyItsOwnStyle() {
        String policy = page.select("meta[http-equiv=Content-Security-Policy]").attr("content");
        String style = page.select("style").first().data();

        assertThat(policy).startsWith("default-src 'none'").doesNotContain("unsafe-inline");
        assertThat(policy).contains("style-src '" + ReportStyle.sha256(style) + "'");
        assertThat(page.select("[style]")).isEmpty();
        assertThat(page.select("link, iframe, object, embed, img, script")).isEmpty();
    }

    @Test
    void summariesPerSeverityAndPerFramework() {
        assertThat(page.select("section").get(0).text()).contains("2 critical");
        List<Element> frameworks = page.select("section:has(h2:containsOwn(Posture per framework)) tbody tr");
        assertThat(frameworks).hasSize(4);
        assertThat(page.select("tr.current").text()).contains("nist-800-53");
    }

    @Test
    void theControlTableLinksEachNotMetControlToItsFindings() {
        Element sc28 = page.select("tr:has(code:containsOwn(SC-28))").first();

        assertThat(sc28.select(".status-not-met").text()).isEqualTo("not met");
        assertThat(sc28.select("a[href=#finding-1]")).hasSize(1);
        assertThat(page.select("tr:has(code:containsOwn(CP-9))").text()).contains("not covered by Warden");
    }

    @Test
    void findingsShowTheirRemediationAndFix() {
        Element hostile = page.getElementById("finding-7");

        assertThat(hostile.text()).contains("Revoke it: warden cert revoke <id> | and = signs");
        assertThat(hostile.select("dd code").text()).contains("warden thing revoke-cert '<script>'");
    }

    @Test
    void theChartIsInlineSvgWithALinePerSeverityAndADotPerRun() {
        Element svg = page.select("svg.chart").first();

        assertThat(svg).isNotNull();
        assertThat(svg.select("polyline")).hasSize(4);
        assertThat(svg.select("circle")).hasSize(4 * 7);
        assertThat(svg.select("polyline.sev-high").attr("points").split(" ")).hasSize(7);
        assertThat(svg.select("text").eachText()).contains("0", "2026-02-23", "2026-03-01");
    }

    @Test
    void withoutHistoryTheChartSaysSoInsteadOfDrawingNothing() {
        ReportInput noHistory = new ReportInput(
                ReportFixtures.findings(),
                List.of(),
                ComplianceFixtures.laptopFacts(),
                ComplianceFixtures.NOW,
                Set.of());
        Document empty =
                Jsoup.parse(new String(ComplianceReports.render("cis-v8", "html", noHistory), StandardCharsets.UTF_8));

        assertThat(empty.select("svg")).isEmpty();
        assertThat(empty.text()).contains("No compliance run has been recorded yet");
        assertThat(empty.select(".status-not-assessed")).isNotEmpty();
    }
}
