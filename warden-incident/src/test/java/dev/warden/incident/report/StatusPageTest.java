package dev.warden.incident.report;

import static dev.warden.incident.report.ReportFixtures.DETECTED;
import static dev.warden.incident.report.ReportFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.Member;
import dev.warden.incident.store.StatusUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class StatusPageTest {
    private static final Instant NOW = DETECTED.plusSeconds(7200);
    private static final Schema SCHEMA = schema();

    private static Schema schema() {
        try (InputStream in = StatusPage.class.getResourceAsStream(StatusPage.SCHEMA_RESOURCE)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<StatusUpdate> updates(Incident incident) {
        // The first update names no title: the newest that does gives it. Posted out of order on purpose.
        return List.of(
                update(
                        3,
                        "Delayed telemetry in eu-1",
                        "monitoring",
                        "A fix is rolled out.",
                        DETECTED.plusSeconds(1800)),
                new StatusUpdate(
                        1,
                        incident.id(),
                        "",
                        "investigating",
                        "We are looking into delays.",
                        List.of("telemetry ingest"),
                        List.of(),
                        "user/oncall-dana",
                        DETECTED.plusSeconds(400)),
                new StatusUpdate(
                        2,
                        incident.id(),
                        "Delayed telemetry",
                        "identified",
                        "Cause found.",
                        List.of("telemetry ingest", "rules"),
                        List.of("eu-1"),
                        "user/oncall-dana",
                        DETECTED.plusSeconds(900)));
    }

    private static PublicIncident resolved() {
        return PublicIncident.from(List.of(
                update(10, "Slow console", "investigating", "Looking.", DETECTED.minusSeconds(86_400)),
                update(11, "Slow console", "resolved", "Fixed.", DETECTED.minusSeconds(80_000))));
    }

    @Test
    void fromTakesEverythingFromTheUpdatesInTheirOrder() {
        PublicIncident p = PublicIncident.from(updates(ReportFixtures.incident("internal")));

        assertThat(p.title()).isEqualTo("Delayed telemetry in eu-1");
        assertThat(p.status()).isEqualTo("monitoring");
        assertThat(p.services()).containsExactly("telemetry ingest", "rules");
        assertThat(p.regions()).containsExactly("eu-1");
        assertThat(p.startedAt()).isEqualTo(DETECTED.plusSeconds(400));
        assertThat(p.updatedAt()).isEqualTo(DETECTED.plusSeconds(1800));
        assertThat(p.updates())
                .extracting(PublicUpdate::status)
                .containsExactly("monitoring", "identified", "investigating");
        assertThat(p.resolved()).isFalse();
        assertThatThrownBy(() -> PublicIncident.from(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicIncident.from(List.of(update(1, "t", "on fire", "m", NOW))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJsonFollowsItsPublishedSchema() throws IOException {
        StatusPageInput input = new StatusPageInput(
                "eu-1", List.of(resolved(), PublicIncident.from(updates(ReportFixtures.incident("x")))), NOW);
        String json = StatusPage.json(input);

        assertThat(SCHEMA.validate(json, InputFormat.JSON)).isEmpty();
        JsonNode doc = new ObjectMapper().readTree(json);
        assertThat(doc.path("status").asText()).isEqualTo("ongoing-incident");
        assertThat(doc.path("incidents").get(0).path("status").asText()).isEqualTo("monitoring");
        assertThat(doc.path("incidents").get(0).path("resolvedAt").isNull()).isTrue();
        assertThat(doc.path("incidents").get(1).path("resolvedAt").asText()).isEqualTo("2026-12-06T04:47:22Z");
        assertThat(doc.path("incidents").get(0).path("updates")).hasSize(3);

        String empty = StatusPage.json(new StatusPageInput("eu-1", List.of(), NOW));
        assertThat(SCHEMA.validate(empty, InputFormat.JSON)).isEmpty();
        assertThat(new ObjectMapper().readTree(empty).path("status").asText()).isEqualTo("operational");
        // The schema is strict: an extra member (say a thing name) would not pass.
        assertThat(SCHEMA.validate(
                        empty.replace("\"version\"", "\"thing\" : \"pump-7\",\n  \"version\""), InputFormat.JSON))
                .isNotEmpty();
    }

    @Test
    void nothingQuietMeansAllSystemsOperational() {
        Document empty = Jsoup.parse(StatusPage.html(new StatusPageInput("eu-1", List.of(), NOW)));
        assertThat(empty.select(".banner").text()).isEqualTo("All systems operational");
        assertThat(empty.select(".banner.state-operational")).hasSize(1);
        assertThat(empty.select("article")).isEmpty();

        Document onlyResolved = Jsoup.parse(StatusPage.html(new StatusPageInput("eu-1", List.of(resolved()), NOW)));
        assertThat(onlyResolved.select(".banner").text()).isEqualTo("All systems operational");
        assertThat(onlyResolved.select("#past article h3").text()).isEqualTo("Slow console");
        assertThat(StatusPage.json(new StatusPageInput("eu-1", List.of(resolved()), NOW)))
                .contains("\"status\" : \"operational\"");
    }

    @Test
    void anOngoingIncidentShowsItsPublicWordsOnly() {
        Document page = Jsoup.parse(StatusPage.html(new StatusPageInput(
                "eu-1", List.of(resolved(), PublicIncident.from(updates(ReportFixtures.incident("x")))), NOW)));

        assertThat(page.select(".banner").text()).isEqualTo("1 ongoing incident");
        assertThat(page.select("#ongoing article h3").text()).isEqualTo("Delayed telemetry in eu-1");
        assertThat(page.select("#ongoing article .meta").text())
                .contains("monitoring", "telemetry ingest, rules", "eu-1", "2026-12-07T03:07:22Z");
        assertThat(page.select("#ongoing li"))
                .extracting(li -> li.text())
                .containsExactly(
                        "monitoring 2026-12-07T03:30:42Z A fix is rolled out.",
                        "identified 2026-12-07T03:15:42Z Cause found.",
                        "investigating 2026-12-07T03:07:22Z We are looking into delays.");
    }

    @Test
    void nothingInternalLeaks() {
        Incident incident = ReportFixtures.incident("Pump station 17 compromised by user/mallory-ops");
        List<StatusUpdate> updates = updates(incident);
        StatusPageInput input = new StatusPageInput("eu-1", List.of(PublicIncident.from(updates)), NOW);
        String all = StatusPage.html(input) + StatusPage.json(input);

        List<String> internal = new ArrayList<>();
        internal.add(incident.title());
        internal.add(incident.commander().orElseThrow());
        updates.forEach(u -> internal.add(u.postedBy()));
        for (Member m : incident.members()) {
            // The affected region is public by design: the updates name it.
            if (m.kind() != Member.Kind.REGION) {
                internal.add(m.value());
            }
        }
        assertThat(internal).hasSizeGreaterThan(6);
        assertThat(internal).allSatisfy(value -> assertThat(all).doesNotContain(value));
    }

    @Test
    void hostileUpdateTextIsEscaped() {
        PublicIncident p = PublicIncident.from(List.of(
                update(1, "<script>alert(1)</script>", "investigating", "\"><img src=x onerror=alert(1)>", NOW)));
        org.jsoup.parser.Parser parser = org.jsoup.parser.Parser.htmlParser().setTrackErrors(100);
        Document page = Jsoup.parse(StatusPage.html(new StatusPageInput("eu-1", List.of(p), NOW)), "", parser);

        assertThat(parser.getErrors()).isEmpty();
        assertThat(page.select("script, img, link, iframe, [onerror], [src]")).isEmpty();
        assertThat(page.select("h3").text()).isEqualTo("<script>alert(1)</script>");
        assertThat(page.select("li").text()).contains("\"><img src=x onerror=alert(1)>");
        assertThat(page.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .isEqualTo(ReportStyle.META_POLICY);
        assertThat(StatusPage.HTTP_POLICY).endsWith("frame-ancestors 'none'");
    }
}
