package dev.warden.compliance.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.compliance.core.Control;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Framework;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Findings as OCSF (schema {@value #OCSF_VERSION}) Compliance Finding events, class 2003 in the Findings category, with
 * the {@code cloud} profile: one event per finding, in a JSON array. The lifecycle maps onto OCSF's own fields: an open
 * finding is a {@code New} finding whose compliance status is {@code Fail}, a suppressed one {@code Suppressed} (still
 * failing), a resolved one {@code Resolved} and {@code Pass}; the activity says whether this is the first sighting
 * (Create), a later one (Update) or the close. Times are epoch milliseconds, as OCSF's {@code timestamp_t}.
 */
final class OcsfReport {
    static final String OCSF_VERSION = "1.7.0";
    static final int CLASS_UID = 2003;
    static final int CATEGORY_UID = 2;

    private OcsfReport() {}

    static byte[] render(ReportContext ctx) {
        ArrayNode events = JsonReport.JSON.createArrayNode();
        ctx.findings().forEach(f -> events.add(event(ctx, f)));
        try {
            return JsonReport.JSON.writeValueAsBytes(events);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode event(ReportContext ctx, StoredFinding stored) {
        Finding f = stored.finding();
        Activity activity = Activity.of(stored);
        ObjectNode e = JsonReport.JSON.createObjectNode();
        e.put("category_uid", CATEGORY_UID);
        e.put("category_name", "Findings");
        e.put("class_uid", CLASS_UID);
        e.put("class_name", "Compliance Finding");
        e.put("activity_id", activity.id);
        e.put("activity_name", activity.name);
        e.put("type_uid", CLASS_UID * 100L + activity.id);
        e.put("type_name", "Compliance Finding: " + activity.name);
        e.put("severity_id", severityId(f.severity()));
        e.put("severity", capitalized(f.severity()));
        e.put("status_id", statusId(stored.status()));
        e.put("status", statusName(stored.status()));
        e.put("time", stored.resolvedAt().orElse(stored.lastSeen()).toEpochMilli());
        e.put("message", f.check().title() + ": " + f.detail());
        e.set("metadata", metadata(ctx, stored));
        e.set("cloud", cloud(ctx));
        e.set("finding_info", findingInfo(ctx, stored));
        e.set("compliance", compliance(ctx, stored));
        e.set("remediation", remediation(f));
        e.set("resources", JsonReport.JSON.createArrayNode().add(resource(ctx, f)));
        return e;
    }

    private static ObjectNode metadata(ReportContext ctx, StoredFinding stored) {
        ObjectNode m = JsonReport.JSON.createObjectNode();
        m.put("version", OCSF_VERSION);
        m.put("uid", uid(ctx, stored));
        m.put("log_name", "warden-compliance");
        m.putArray("profiles").add("cloud");
        ObjectNode product = m.putObject("product");
        product.put("name", "Warden");
        product.put("vendor_name", "Warden");
        product.putObject("feature").put("name", "Continuous compliance");
        return m;
    }

    private static ObjectNode cloud(ReportContext ctx) {
        ObjectNode c = JsonReport.JSON.createObjectNode();
        c.put("provider", "Warden");
        c.put("region", ctx.input().facts().region());
        c.putObject("account").put("uid", ctx.input().facts().account());
        return c;
    }

    private static ObjectNode findingInfo(ReportContext ctx, StoredFinding stored) {
        Finding f = stored.finding();
        ObjectNode i = JsonReport.JSON.createObjectNode();
        i.put("uid", uid(ctx, stored));
        i.put("title", f.check().title());
        i.put("desc", f.detail());
        i.putArray("types").add(f.check().category().name());
        i.put("first_seen_time", stored.firstSeen().toEpochMilli());
        i.put("last_seen_time", stored.lastSeen().toEpochMilli());
        i.putObject("analytic")
                .put("uid", f.check().name())
                .put("name", f.check().title())
                .put("type_id", 1);
        return i;
    }

    private static ObjectNode compliance(ReportContext ctx, StoredFinding stored) {
        Finding f = stored.finding();
        Framework framework = ctx.framework();
        List<Control> controls = ctx.controlsOf(f.check());
        boolean failing = stored.status() != FindingStatus.RESOLVED;
        ObjectNode c = JsonReport.JSON.createObjectNode();
        c.putArray("standards").add(framework.title() + " " + framework.version());
        c.put("control", controls.stream().map(Control::id).collect(Collectors.joining(", ")));
        ArrayNode requirements = c.putArray("requirements");
        controls.forEach(control -> requirements.add(control.id() + " " + control.title()));
        c.put("status_id", failing ? 3 : 1);
        c.put("status", failing ? "Fail" : "Pass");
        c.put("status_code", f.reasonCode());
        ObjectNode check = c.putArray("checks").addObject();
        check.put("uid", f.check().name());
        check.put("name", f.check().title());
        check.put("severity_id", severityId(f.severity()));
        check.put("severity", capitalized(f.severity()));
        check.put("status_id", failing ? 3 : 1);
        check.put("status", failing ? "Fail" : "Pass");
        return c;
    }

    private static ObjectNode remediation(Finding f) {
        ObjectNode r = JsonReport.JSON.createObjectNode();
        r.put(
                "desc",
                f.fix().map(fix -> f.remediation() + " Fix: " + fix.command()).orElse(f.remediation()));
        return r;
    }

    private static ObjectNode resource(ReportContext ctx, Finding f) {
        ObjectNode r = JsonReport.JSON.createObjectNode();
        r.put("uid", f.resourceArn());
        r.put("name", lastSegment(f.resourceArn()));
        r.put("type", resourceType(f.resourceArn()));
        r.put("region", ctx.input().facts().region());
        return r;
    }

    /** A finding's id within this node: region and account make it unique across the operator's nodes. */
    private static String uid(ReportContext ctx, StoredFinding stored) {
        return "warden:" + ctx.input().facts().region() + ":"
                + ctx.input().facts().account() + ":finding/" + stored.id();
    }

    /** {@code arn:warden:<service>:<region>:<account>:<type>/<name>} → {@code <service>:<type>}. */
    static String resourceType(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            return "unknown";
        }
        String resource = parts[5];
        int slash = resource.indexOf('/');
        return parts[2] + ":" + (slash < 0 ? resource : resource.substring(0, slash));
    }

    static String lastSegment(String arn) {
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn : arn.substring(slash + 1);
    }

    static int severityId(Severity severity) {
        switch (severity) {
            case CRITICAL:
                return 5;
            case HIGH:
                return 4;
            case MEDIUM:
                return 3;
            case LOW:
                return 2;
            default:
                throw new IllegalArgumentException("severity " + severity);
        }
    }

    static String capitalized(Severity severity) {
        String id = severity.id();
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    private static int statusId(FindingStatus status) {
        switch (status) {
            case OPEN:
                return 1;
            case SUPPRESSED:
                return 3;
            case RESOLVED:
                return 4;
            default:
                throw new IllegalArgumentException("status " + status);
        }
    }

    private static String statusName(FindingStatus status) {
        switch (status) {
            case OPEN:
                return "New";
            case SUPPRESSED:
                return "Suppressed";
            case RESOLVED:
                return "Resolved";
            default:
                throw new IllegalArgumentException("status " + status);
        }
    }

    /** OCSF's activity for this sighting of the finding. */
    private enum Activity {
        CREATE(1, "Create"),
        UPDATE(2, "Update"),
        CLOSE(3, "Close");

        final int id;
        final String name;

        Activity(int id, String name) {
            this.id = id;
            this.name = name;
        }

        static Activity of(StoredFinding f) {
            if (f.status() == FindingStatus.RESOLVED) {
                return CLOSE;
            }
            return f.firstSeen().equals(f.lastSeen()) ? CREATE : UPDATE;
        }
    }
}
