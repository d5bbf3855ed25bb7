package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.iam.PolicyGenerator;
import dev.warden.policy.Finding;
import dev.warden.policy.LeastPrivilegeAnalyzer;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicyValidationException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Least-privilege tooling over the API: analysis of a policy document (the pitfalls the analyzer flags), and a
 * policy generated from a principal's activity in the audit trail.
 */
public final class PolicyAnalysisApi {
    private final PolicyGenerator generator;
    private final UnaryOperator<Handler> authenticated;
    private final Function<String, String> iamArn;
    private final java.util.function.BiFunction<String, String, List<dev.warden.policy.Policy>> attached;

    /**
     * @param attached the compiled policies attached to a principal (type, id)
     */
    public PolicyAnalysisApi(
            PolicyGenerator generator,
            UnaryOperator<Handler> authenticated,
            Function<String, String> iamArn,
            java.util.function.BiFunction<String, String, List<dev.warden.policy.Policy>> attached) {
        this.generator = generator;
        this.attached = attached;
        this.authenticated = authenticated;
        this.iamArn = iamArn;
    }

    public void register(AuditedRoutes routes) {
        routes.add(
                POST,
                "/analyzer/analyze",
                "iam:AnalyzePolicy",
                ctx -> iamArn.apply("policy/*"),
                authenticated.apply(this::analyze));
        routes.add(
                GET,
                "/analyzer/generate",
                "iam:GeneratePolicy",
                ctx -> iamArn.apply("policy/*"),
                authenticated.apply(this::generate));
        routes.add(
                GET,
                "/analyzer/unused",
                "iam:GetUnusedPermissions",
                ctx -> iamArn.apply("policy/*"),
                authenticated.apply(this::unused));
    }

    private void analyze(Context ctx) {
        String document = Requests.requiredText(Requests.body(ctx), "document");
        List<Finding> findings;
        List<dev.warden.policy.PolicyWarning> warnings;
        try {
            PolicyParser.Result parsed = PolicyParser.parseStrict("analyzed", document);
            findings = LeastPrivilegeAnalyzer.analyze(parsed.policy());
            warnings = parsed.warnings();
        } catch (PolicyValidationException e) {
            throw ApiException.badRequest(
                    "INVALID_POLICY", "invalid at " + e.position() + ": " + e.getMessage() + " (" + e.reason() + ")");
        }
        ctx.json(Map.of(
                "findings",
                findings.stream().map(PolicyAnalysisApi::view).toList(),
                "warnings",
                warnings.stream()
                        .map(w -> Map.of(
                                "code",
                                w.code().name(),
                                "message",
                                w.message(),
                                "position",
                                w.line() + ":" + w.column()))
                        .toList()));
    }

    /** A finding as JSON, shared with the offline {@code warden policy analyze}. */
    public static Map<String, Object> view(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", f.code().name());
        m.put("severity", f.severity().name());
        m.put("statement", f.statementIndex());
        m.put("sid", f.sid());
        m.put("message", f.message());
        return m;
    }

    private void generate(Context ctx) {
        String principal = ctx.queryParam("principal");
        if (principal == null || principal.isBlank()) {
            throw ApiException.badRequest("INVALID_FIELD", "principal is required");
        }
        var generated = generator.generateWithSources(
                principal,
                Requests.instantNanos(ctx.queryParam("from"), "from"),
                Requests.instantNanos(ctx.queryParam("to"), "to"));
        if (!"true".equals(ctx.queryParam("withSources"))) {
            ctx.contentType("application/json").result(generated.document());
            return;
        }
        // With withSources=true: {"policy": ..., "period": {...}, "sources": {...}}, so the caller can say what the
        // policy was generated from.
        Map<String, Object> period = new java.util.LinkedHashMap<>();
        period.put("from", instant(generated.fromNanos()));
        period.put("to", instant(generated.toNanos()));
        period.put("firstEvent", instant(generated.firstEventNanos()));
        period.put("lastEvent", instant(generated.lastEventNanos()));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        try {
            body.put("policy", new com.fasterxml.jackson.databind.ObjectMapper().readTree(generated.document()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        body.put("period", period);
        body.put("sources", generated.sources());
        body.put("topicsTruncated", generated.truncated());
        ctx.json(body);
    }

    private static String instant(Long nanos) {
        return nanos == null ? null : java.time.Instant.ofEpochSecond(0, nanos).toString();
    }

    private void unused(Context ctx) {
        String type = ctx.queryParam("type");
        String principal = ctx.queryParam("principal");
        if (type == null || principal == null) {
            throw ApiException.badRequest(
                    "INVALID_FIELD", "type (admin, user, group, role, service) and principal are required");
        }
        var statements = generator.unused(
                principal,
                attached.apply(type, principal),
                Requests.instantNanos(ctx.queryParam("from"), "from"),
                Requests.instantNanos(ctx.queryParam("to"), "to"));
        ctx.json(Map.of(
                "unused",
                statements.stream()
                        .map(u -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("policy", u.policy());
                            m.put("sid", u.sid());
                            m.put("statement", u.index());
                            m.put("actions", u.actions());
                            return m;
                        })
                        .toList()));
    }
}
