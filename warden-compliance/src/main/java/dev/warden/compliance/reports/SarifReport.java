package dev.warden.compliance.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Findings as a SARIF 2.1.0 log, for tools that collect security results (code-scanning dashboards, SIEMs): one run,
 * one rule per check that found something, one result per open or suppressed finding (a resolved finding is no longer
 * a result). A finding has no source file, so its location is logical: the resource's ARN. Suppressed findings carry
 * SARIF's own {@code suppressions} (accepted, with the justification), so consumers hide them without losing them.
 * The stable identity across runs is the finding's key (check and resource) as a partial fingerprint.
 */
final class SarifReport {
    static final String SCHEMA_URI =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    static final String FINGERPRINT = "wardenFindingKey/v1";

    private SarifReport() {}

    static byte[] render(ReportContext ctx) {
        List<StoredFinding> reported = ctx.findings().stream()
                .filter(f -> f.status() != FindingStatus.RESOLVED)
                .toList();
        Map<CheckId, Integer> ruleIndex = new EnumMap<>(CheckId.class);
        List<CheckId> rules = new ArrayList<>();
        for (StoredFinding f : reported) {
            ruleIndex.computeIfAbsent(f.finding().check(), check -> {
                rules.add(check);
                return rules.size() - 1;
            });
        }
        ObjectNode log = JsonReport.JSON.createObjectNode();
        log.put("$schema", SCHEMA_URI);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        run.set("tool", tool(ctx, rules));
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", true);
        invocation.put("endTimeUtc", ctx.input().generatedAt().toString());
        run.putObject("automationDetails")
                .put(
                        "id",
                        "warden-compliance/" + ctx.framework().id() + "/"
                                + ctx.input().generatedAt());
        ArrayNode results = run.putArray("results");
        reported.forEach(
                f -> results.add(result(ctx, f, ruleIndex.get(f.finding().check()))));
        run.putObject("properties")
                .put("framework", ctx.framework().id())
                .put("region", ctx.input().facts().region())
                .put("account", ctx.input().facts().account());
        try {
            return JsonReport.JSON.writeValueAsBytes(log);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode tool(ReportContext ctx, List<CheckId> rules) {
        ObjectNode driver = JsonReport.JSON.createObjectNode();
        driver.put("name", "Warden compliance");
        driver.put("informationUri", ctx.framework().url());
        ArrayNode ruleNodes = driver.putArray("rules");
        for (CheckId check : rules) {
            ObjectNode rule = ruleNodes.addObject();
            rule.put("id", check.name());
            rule.putObject("shortDescription").put("text", check.title());
            rule.putObject("defaultConfiguration").put("level", level(check.severity()));
            ObjectNode properties = rule.putObject("properties");
            ArrayNode tags = properties
                    .putArray("tags")
                    .add("security")
                    .add(check.category().layer());
            ctx.controlIds(check).forEach(id -> tags.add(ctx.framework().id() + ":" + id));
            properties.put("category", check.category().name());
            // GitHub code scanning reads this to rank security results (0.1–10, as CVSS).
            properties.put("security-severity", securitySeverity(check.severity()));
        }
        ObjectNode tool = JsonReport.JSON.createObjectNode();
        tool.set("driver", driver);
        return tool;
    }

    private static ObjectNode result(ReportContext ctx, StoredFinding stored, int ruleIndex) {
        Finding f = stored.finding();
        ObjectNode r = JsonReport.JSON.createObjectNode();
        r.put("ruleId", f.check().name());
        r.put("ruleIndex", ruleIndex);
        r.put("level", level(f.severity()));
        r.putObject("message").put("text", f.check().title() + ": " + f.detail() + " Remediation: " + f.remediation());
        ObjectNode location = r.putArray("locations").addObject();
        location.putArray("logicalLocations")
                .addObject()
                .put("fullyQualifiedName", f.resourceArn())
                .put("kind", "resource");
        r.putObject("partialFingerprints").put(FINGERPRINT, f.key());
        stored.suppression()
                .ifPresent(s -> r.putArray("suppressions")
                        .addObject()
                        .put("kind", "external")
                        .put("status", "accepted")
                        .put("justification", s.reason() + " (" + s.owner() + ", until " + s.until() + ")"));
        ObjectNode properties = r.putObject("properties");
        properties.put("findingId", stored.id());
        properties.put("severity", f.severity().id());
        properties.put("reasonCode", f.reasonCode());
        properties.put("firstSeen", stored.firstSeen().toString());
        properties.put("lastSeen", stored.lastSeen().toString());
        f.fix().ifPresent(fix -> properties.put("fixCommand", fix.command()));
        ArrayNode controls = properties.putArray("controls");
        ctx.controlIds(f.check()).forEach(controls::add);
        return r;
    }

    static String level(Severity severity) {
        switch (severity) {
            case CRITICAL:
            case HIGH:
                return "error";
            case MEDIUM:
                return "warning";
            case LOW:
                return "note";
            default:
                throw new IllegalArgumentException("severity " + severity);
        }
    }

    private static String securitySeverity(Severity severity) {
        switch (severity) {
            case CRITICAL:
                return "9.5";
            case HIGH:
                return "8.0";
            case MEDIUM:
                return "5.5";
            case LOW:
                return "3.0";
            default:
                throw new IllegalArgumentException("severity " + severity);
        }
    }
}
