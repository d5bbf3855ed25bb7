package dev.warden.api;

import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Fix;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import dev.warden.compliance.store.RunRecord;
import dev.warden.compliance.store.SuppressionRule;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/** The JSON shapes of compliance: findings (with their fix), suppressions and runs. */
final class ComplianceViews {
    private ComplianceViews() {}

    static Map<String, Object> finding(StoredFinding s, LongFunction<String> arn) {
        Finding f = s.finding();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("arn", arn.apply(s.id()));
        m.put("check", f.check().name());
        m.put("title", f.check().title());
        m.put("category", f.check().category().name().toLowerCase(Locale.ROOT));
        m.put("layer", f.check().category().layer());
        m.put("severity", f.severity().id());
        m.put("status", s.status().name().toLowerCase(Locale.ROOT));
        m.put("resource", f.resourceArn());
        m.put("reason", f.reasonCode());
        m.put("detail", f.detail());
        m.put("remediation", f.remediation());
        m.put("fix", f.fix().map(ComplianceViews::fix).orElse(null));
        m.put("firstSeen", s.firstSeen().toString());
        m.put("lastSeen", s.lastSeen().toString());
        m.put("resolvedAt", s.resolvedAt().map(Object::toString).orElse(null));
        m.put("suppression", s.suppression().map(ComplianceViews::suppression).orElse(null));
        return m;
    }

    private static Map<String, Object> fix(Fix f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", f.command());
        m.put("method", f.method());
        m.put("path", f.path());
        m.put("iamAction", f.iamAction());
        m.put("body", f.body());
        return m;
    }

    private static Map<String, Object> suppression(StoredFinding.Suppression s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("reason", s.reason());
        m.put("owner", s.owner());
        m.put("until", s.until().toString());
        m.put("baseline", s.baseline());
        return m;
    }

    static Map<String, Object> rule(SuppressionRule r, String arn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("arn", arn);
        m.put("findingId", r.findingId().orElse(null));
        m.put("check", r.check().map(Enum::name).orElse(null));
        m.put("resource", r.resource());
        m.put("reason", r.reason());
        m.put("owner", r.owner());
        m.put("until", r.until().toString());
        m.put("baseline", r.baseline());
        m.put("createdAt", r.createdAt().toString());
        return m;
    }

    static Map<String, Object> run(RunRecord r, String arn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("arn", arn);
        m.put("startedAt", r.startedAt().toString());
        m.put("trigger", r.trigger());
        m.put("durationMs", r.duration().toMillis());
        m.put("checks", r.checks().size());
        m.put("failed", r.failed().stream().map(Enum::name).toList());
        m.put("opened", r.opened());
        m.put("resolved", r.resolved());
        Map<String, Object> open = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            open.put(s.id(), r.open().get(s));
        }
        m.put("open", open);
        return m;
    }
}
