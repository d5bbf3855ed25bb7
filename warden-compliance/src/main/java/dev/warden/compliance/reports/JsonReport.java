package dev.warden.compliance.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.compliance.core.ControlPosture;
import dev.warden.compliance.core.ControlStatus;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FrameworkPosture;
import dev.warden.compliance.core.PostureHistoryPoint;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Warden's own report shape, for scripts: the framework, the posture summary, every control with its status and
 * finding ids, every finding with its lifecycle and the controls it bears on, and the history. Field names are
 * camelCase and stable; {@code reportVersion} changes when a field changes meaning.
 */
final class JsonReport {
    static final int REPORT_VERSION = 1;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    static byte[] render(ReportContext ctx) {
        ObjectNode root = JSON.createObjectNode();
        root.put("reportVersion", REPORT_VERSION);
        root.put("generatedAt", ctx.input().generatedAt().toString());
        root.set("node", node(ctx));
        root.set("framework", framework(ctx.posture()));
        root.set("summary", summary(ctx.posture()));
        ArrayNode controls = root.putArray("controls");
        ctx.posture().controls().forEach(c -> controls.add(control(c)));
        ArrayNode findings = root.putArray("findings");
        ctx.findings().forEach(f -> findings.add(finding(ctx, f)));
        ArrayNode history = root.putArray("history");
        ctx.input().history().forEach(p -> history.add(point(p)));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode node(ReportContext ctx) {
        ObjectNode node = JSON.createObjectNode();
        node.put("region", ctx.input().facts().region());
        node.put("account", ctx.input().facts().account());
        node.put("production", ctx.input().facts().production());
        return node;
    }

    private static ObjectNode framework(FrameworkPosture posture) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", posture.framework().id());
        node.put("title", posture.framework().title());
        node.put("version", posture.framework().version());
        node.put("url", posture.framework().url());
        return node;
    }

    private static ObjectNode summary(FrameworkPosture posture) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode controls = node.putObject("controls");
        for (ControlStatus status : ControlStatus.values()) {
            controls.put(status.id(), posture.byStatus().getOrDefault(status, 0));
        }
        node.set("openFindings", severities(posture.openBySeverity()));
        return node;
    }

    static ObjectNode severities(Map<Severity, Integer> counts) {
        ObjectNode node = JSON.createObjectNode();
        for (Severity severity : Severity.values()) {
            node.put(severity.id(), counts.getOrDefault(severity, 0));
        }
        return node;
    }

    private static ObjectNode control(ControlPosture c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", c.control().id());
        node.put("title", c.control().title());
        node.put("status", c.status().id());
        node.put("owner", c.control().owner().id());
        ArrayNode checks = node.putArray("checks");
        c.control().checks().forEach(check -> checks.add(check.name()));
        ArrayNode open = node.putArray("openFindings");
        c.open().forEach(f -> open.add(f.id()));
        ArrayNode suppressed = node.putArray("suppressedFindings");
        c.suppressed().forEach(f -> suppressed.add(f.id()));
        ArrayNode notRun = node.putArray("checksNotRun");
        c.notRun().forEach(check -> notRun.add(check.name()));
        return node;
    }

    private static ObjectNode finding(ReportContext ctx, StoredFinding stored) {
        Finding f = stored.finding();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", stored.id());
        node.put("status", stored.status().name().toLowerCase(java.util.Locale.ROOT));
        node.put("check", f.check().name());
        node.put("title", f.check().title());
        node.put("category", f.check().category().name());
        node.put("layer", f.check().category().layer());
        node.put("severity", f.severity().id());
        node.put("resourceArn", f.resourceArn());
        node.put("reasonCode", f.reasonCode());
        node.put("detail", f.detail());
        node.put("remediation", f.remediation());
        f.fix().ifPresent(fix -> {
            ObjectNode fixNode = node.putObject("fix");
            fixNode.put("command", fix.command());
            fixNode.put("method", fix.method());
            fixNode.put("path", fix.path());
            fixNode.put("iamAction", fix.iamAction());
        });
        node.put("firstSeen", stored.firstSeen().toString());
        node.put("lastSeen", stored.lastSeen().toString());
        stored.resolvedAt().ifPresent(t -> node.put("resolvedAt", t.toString()));
        stored.suppression().ifPresent(s -> {
            ObjectNode sup = node.putObject("suppression");
            sup.put("reason", s.reason());
            sup.put("owner", s.owner());
            sup.put("until", s.until().toString());
            sup.put("baseline", s.baseline());
        });
        ArrayNode controls = node.putArray("controls");
        ctx.controlIds(f.check()).forEach(controls::add);
        return node;
    }

    private static ObjectNode point(PostureHistoryPoint p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("at", p.at().toString());
        node.set("open", severities(p.open()));
        return node;
    }
}
