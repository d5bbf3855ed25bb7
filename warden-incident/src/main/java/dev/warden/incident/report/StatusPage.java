package dev.warden.incident.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The public status page of a node, {@code /status} (HTML) and {@code /status.json} on its public port: the overall
 * state (operational unless an incident is unresolved), then each incident, ongoing first and newest first, with its
 * public title, status, affected services and regions and its updates. The JSON's shape is
 * {@value #SCHEMA_RESOURCE} (JSON Schema 2020-12), version {@value #VERSION}.
 */
public final class StatusPage {
    public static final String VERSION = "1.0";
    /** Classpath resource of the JSON Schema of {@link #json}. */
    public static final String SCHEMA_RESOURCE = "/dev/warden/incident/report/status-page-1.0.schema.json";

    public static final String HTML_TYPE = "text/html; charset=utf-8";
    public static final String JSON_TYPE = "application/json";
    /** The {@code Content-Security-Policy} header for {@code /status} (the page carries it in a meta too). */
    public static final String HTTP_POLICY = ReportStyle.HTTP_POLICY;

    static final String OPERATIONAL = "operational";
    static final String ONGOING = "ongoing-incident";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusPage() {}

    /** The page's model (for the template). */
    public record View(
            String css,
            String policy,
            String region,
            String generatedAt,
            String state,
            String banner,
            List<IncidentView> ongoing,
            List<IncidentView> past) {}

    public record IncidentView(
            String title,
            String status,
            String services,
            String regions,
            String startedAt,
            String updatedAt,
            List<UpdateView> updates) {}

    public record UpdateView(String at, String status, String message) {}

    public static String html(StatusPageInput input) {
        List<PublicIncident> all = ordered(input.incidents());
        List<IncidentView> ongoing = new ArrayList<>();
        List<IncidentView> past = new ArrayList<>();
        for (PublicIncident i : all) {
            (i.resolved() ? past : ongoing).add(view(i));
        }
        String banner = ongoing.isEmpty()
                ? "All systems operational"
                : ongoing.size() == 1 ? "1 ongoing incident" : ongoing.size() + " ongoing incidents";
        return Templates.render(
                "status-page.jte",
                new View(
                        ReportStyle.CSS,
                        ReportStyle.META_POLICY,
                        input.region(),
                        ReportText.time(input.generatedAt()),
                        ongoing.isEmpty() ? OPERATIONAL : ONGOING,
                        banner,
                        ongoing,
                        past));
    }

    /** The document of {@value #SCHEMA_RESOURCE}; times ISO-8601 UTC to the second. */
    public static String json(StatusPageInput input) {
        List<PublicIncident> all = ordered(input.incidents());
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("region", input.region());
        root.put("generatedAt", ReportText.time(input.generatedAt()));
        root.put("status", all.stream().allMatch(PublicIncident::resolved) ? OPERATIONAL : ONGOING);
        ArrayNode incidents = root.putArray("incidents");
        for (PublicIncident i : all) {
            ObjectNode n = incidents.addObject();
            n.put("title", i.title());
            n.put("status", i.status());
            ArrayNode services = n.putArray("services");
            i.services().forEach(services::add);
            ArrayNode regions = n.putArray("regions");
            i.regions().forEach(regions::add);
            n.put("startedAt", ReportText.time(i.startedAt()));
            n.put("updatedAt", ReportText.time(i.updatedAt()));
            n.put("resolvedAt", i.resolved() ? ReportText.time(i.updatedAt()) : null);
            ArrayNode updates = n.putArray("updates");
            for (PublicUpdate u : i.updates()) {
                updates.addObject()
                        .put("at", ReportText.time(u.at()))
                        .put("status", u.status())
                        .put("message", u.message());
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /** Ongoing first, then the newest start first, so the page and the JSON list them alike. */
    private static List<PublicIncident> ordered(List<PublicIncident> incidents) {
        return incidents.stream()
                .sorted(Comparator.comparing(PublicIncident::resolved)
                        .thenComparing(PublicIncident::startedAt, Comparator.reverseOrder()))
                .toList();
    }

    private static IncidentView view(PublicIncident i) {
        return new IncidentView(
                i.title(),
                i.status(),
                i.services().isEmpty() ? "not stated" : String.join(", ", i.services()),
                i.regions().isEmpty() ? "not stated" : String.join(", ", i.regions()),
                ReportText.time(i.startedAt()),
                ReportText.time(i.updatedAt()),
                i.updates().stream()
                        .map(u -> new UpdateView(ReportText.time(u.at()), u.status(), u.message()))
                        .toList());
    }
}
