package dev.warden.incident.report;

import static dev.warden.incident.report.ReportFixtures.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class PostmortemTest {
    private static final String SCRIPT_TITLE = "<script>alert(1)</script>";
    private static final String IMG_NOTE = "\"><img src=x onerror=alert(1)>";
    private static final List<org.commonmark.Extension> GFM = List.of(TablesExtension.create());

    /** The Markdown as a CommonMark renderer with GitHub tables shows it. */
    private static Document rendered(String md) {
        Node doc = Parser.builder().extensions(GFM).build().parse(md);
        return Jsoup.parse(HtmlRenderer.builder().extensions(GFM).build().render(doc));
    }

    /** The table that follows the h2 titled {@code heading}. */
    private static Element tableAfter(Document page, String heading) {
        Element h2 = page.select("h2").stream()
                .filter(h -> h.text().equals(heading))
                .findFirst()
                .orElseThrow();
        Element next = h2.nextElementSibling();
        while (!next.tagName().equals("table")) {
            next = next.nextElementSibling();
        }
        return next;
    }

    @Test
    void theMarkdownClockTableIsATableWithOneRowPerClock() {
        String md = Postmortem.markdown(input("Pump station 17 compromised", "quarantined", true));
        Node doc = Parser.builder().extensions(GFM).build().parse(md);
        long tables = 0;
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            tables += n instanceof TableBlock ? 1 : 0;
        }
        assertThat(tables).isEqualTo(5); // clocks, actions, tasks, updates, digests

        Element clocks = tableAfter(rendered(md), "Clocks");
        assertThat(clocks.select("thead th"))
                .extracting(Element::text)
                .containsExactly("Clock", "Kind", "Allowed", "Due", "Reached", "Against deadline", "Status");
        List<Element> rows = clocks.select("tbody tr");
        assertThat(rows)
                .extracting(r -> r.child(0).text())
                .containsExactly(
                        "triaged",
                        "communicated",
                        "mitigated",
                        "recovered",
                        "cra-early-warning",
                        "cra-notification",
                        "reviewed",
                        "cra-final-report");
        assertThat(rows.get(0).text()).contains("5 min", "(after 4 min 12 s)", "48 s early", "MET");
        assertThat(rows.get(2).text()).contains("mitigated", "1 min late", "BREACHED");
        assertThat(rows.get(3).text()).contains("1 h overdue", "BREACHED");
        assertThat(rows.get(4).text()).contains("CRA milestone", "22 h left", "OPEN");
        assertThat(md).contains("Contained at 2026-12-07T03:00:50Z: 50 s after the first sign, 8.4 s after detection.");
    }

    @Test
    void pipesAndNewlinesInUserTextCannotBreakATable() {
        String md = Postmortem.markdown(input("a | b\n# c", "x | y\n| z | w |\nnext", true));
        Document page = rendered(md);

        for (Element table : page.select("table")) {
            int columns = table.select("thead th").size();
            assertThat(table.select("tbody tr"))
                    .allSatisfy(tr -> assertThat(tr.children()).hasSize(columns));
        }
        assertThat(tableAfter(page, "Actions taken").select("tbody tr")).hasSize(4);
        assertThat(tableAfter(page, "Actions taken").text()).contains("text=x | y | z | w | next");
        assertThat(tableAfter(page, "Tasks").text()).contains("Re-flash | pump station");
        assertThat(tableAfter(page, "Status page updates").text()).contains("A fix is in | place. Watching.");
        assertThat(page.select("h1").text()).isEqualTo("Post-mortem of incident 7: a | b # c");
        assertThat(page.select("h1, h2").size()).isEqualTo(page.select("h2").size() + 1);
    }

    @Test
    void theMarkdownKeepsHostileTextAsText() {
        Document page = rendered(Postmortem.markdown(input(SCRIPT_TITLE, IMG_NOTE, true)));

        assertThat(page.select("script, img")).isEmpty();
        assertThat(page.select("h1").text()).contains(SCRIPT_TITLE);
        assertThat(page.text()).contains("text=" + IMG_NOTE);
    }

    @Test
    void theHtmlEscapesEveryValueAndLoadsNothing() {
        String html = Postmortem.html(input(SCRIPT_TITLE, IMG_NOTE, true));
        org.jsoup.parser.Parser parser = org.jsoup.parser.Parser.htmlParser().setTrackErrors(100);
        Document page = Jsoup.parse(html, "", parser);

        assertThat(parser.getErrors()).isEmpty();
        assertThat(page.select("script, img, link, iframe, object, embed")).isEmpty();
        assertThat(page.select("[onerror], [src], [href]")).isEmpty();
        assertThat(page.title()).isEqualTo("Post-mortem of incident 7: " + SCRIPT_TITLE);
        assertThat(page.select("h1").text()).contains(SCRIPT_TITLE);
        assertThat(page.select("#actions td").eachText()).contains("text=" + IMG_NOTE);
        String style = page.select("style").first().data();
        assertThat(page.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .isEqualTo(ReportStyle.META_POLICY)
                .contains("default-src 'none'", "style-src '" + ReportStyle.sha256(style) + "'");
    }

    @Test
    void theHtmlHasEverySectionOfTheIssue() {
        Document page = Jsoup.parse(Postmortem.html(input("Pump station 17 compromised", "quarantined", true)));

        assertThat(page.select("h2").eachText())
                .containsExactly(
                        "Summary",
                        "Impact",
                        "Detection",
                        "Clocks",
                        "Actions taken",
                        "Tasks",
                        "Status page updates",
                        "Root cause",
                        "Contributing factors",
                        "What went well",
                        "Preventive measures and follow-up",
                        "Audit-chain proof");
        assertThat(page.select(".placeholder").eachText())
                .containsOnly("To be written by the review")
                .hasSize(4);
        assertThat(page.select("#summary").text())
                .contains(
                        "sev1",
                        "mitigated (open)",
                        "alarm alarm-991",
                        "user/commander-ann",
                        "user/oncall-dana",
                        "compromised-device");
        assertThat(page.select("#impact").text())
                .contains(
                        "3 (named: pump-station-17)",
                        "c0ffee11223344556677",
                        "user/mallory-ops",
                        "203.0.113.77",
                        "12345",
                        "telemetry of pump-station-17");
        assertThat(page.select("#detection").text())
                .contains("2026-12-07T03:00:00Z", "2026-12-07T03:00:42Z", "Time to detect 42 s", "alarm-991");
        assertThat(page.select("#clocks td.clock-breached")).hasSize(2);
        assertThat(page.select("#actions tbody tr").get(1).text())
                .contains(
                        "102",
                        "system (system)",
                        "incident:PlaybookStep",
                        "allow",
                        "step=quarantine; target=thing/pump-station-17")
                .doesNotContain("incidentId", "tok-1");
        assertThat(page.select("#tasks tbody tr").eachText())
                .anySatisfy(t -> assertThat(t).contains("Rotate fleet CA", "open"));
    }

    @Test
    void theProofNamesTheDigestsAndTheOfflineVerification() {
        Document page = Jsoup.parse(Postmortem.html(input("t", "n", true)));

        Element proof = page.select("#proof").first();
        assertThat(proof.text())
                .contains("4, seq 101 to 104", "Yes: the newest event (seq 104) is inside signed digest 10.");
        assertThat(proof.select("tbody tr")).hasSize(2);
        assertThat(proof.select("tbody tr").get(0).text())
                .contains("9", "90..102", "cd".repeat(32), "12".repeat(32), "MEUCIQ+/abc==", "34".repeat(32));
        assertThat(proof.select("pre").text())
                .contains("warden audit export --data DIR --chain eu-1 --out incident-7-trail.jsonl")
                .contains("warden audit verify --export incident-7-trail.jsonl --chain eu-1"
                        + " --public-key audit-signing.pub")
                .contains("warden audit verify-proof incident-7-event-104.proof.json");
    }

    @Test
    void noEventProofIsOfferedOverAVersion1Digest() {
        PostmortemInput signed = input("t", "n", true);
        var v1 = signed.proof().digests().stream()
                .map(d -> new dev.warden.audit.AuditDigest(
                        d.region(),
                        d.digestSeq(),
                        d.fromSeq(),
                        d.toSeq(),
                        d.headHash(),
                        d.previousDigestHash(),
                        d.createdAtNanos(),
                        d.keyId(),
                        d.signature()))
                .toList();
        PostmortemInput input = new PostmortemInput(
                signed.incident(),
                signed.tasks(),
                signed.timeline(),
                new dev.warden.incident.service.IncidentTimeline.Proof(101, 104, v1, true),
                signed.updates(),
                signed.impact(),
                signed.region(),
                signed.generatedAt());

        String md = Postmortem.markdown(input);
        assertThat(md)
                .contains("none (version 1 digest)", "warden audit verify --export")
                .doesNotContain("warden audit prove");
    }

    @Test
    void anUnsignedTailIsSaidAndNoEventProofOffered() {
        String md = Postmortem.markdown(input("t", "n", false));

        assertThat(md)
                .contains("Not yet: events after seq 102 (up to seq 104) are chained but not inside a signed"
                        + " digest.");
        assertThat(md).contains("warden audit verify --export").doesNotContain("warden audit prove");
        Document page = rendered(md);
        assertThat(page.select("pre code").text()).startsWith("warden audit export");
        assertThat(firstText(Parser.builder().build().parse(md))).startsWith("Post-mortem of incident 7");
    }

    private static String firstText(Node doc) {
        Node h = doc.getFirstChild();
        assertThat(h).isInstanceOf(Heading.class);
        return ((Text) h.getFirstChild()).getLiteral();
    }
}
