package dev.warden.console;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.api.AuditedRoutes;
import dev.warden.api.ErrorResponses;
import dev.warden.console.core.ContextLines;
import dev.warden.console.view.SimulationView;
import dev.warden.console.view.ValidationView;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.Decision;
import dev.warden.policy.LeastPrivilegeAnalyzer;
import dev.warden.policy.MatchedStatement;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.policy.PolicyValidationException;
import dev.warden.policy.RequestContext;
import dev.warden.registry.PolicyService;
import dev.warden.registry.RegistryException;
import dev.warden.registry.RegistryReason;
import dev.warden.registry.store.PolicyVersion;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A policy's editor and simulator. Validation as the operator types is the API's analysis route's own
 * ({@code iam:AnalyzePolicy}: the strict parser the node writes with and {@code warden policy validate} runs, with
 * its line, column and reason, then the analyzer's findings); saving is the API's {@code iam:UpdatePolicy} on
 * {@code policy/<name>} through {@link PolicyService#update}, which writes a new version and refuses an invalid
 * document (nothing is written). The simulator evaluates a request against the document in force with
 * {@code warden policy simulate}'s evaluator; it reads nothing the policy's page does not show, so it is
 * {@code iam:GetPolicy} on the policy (the API has no simulation route of its own).
 */
final class PolicyEditor {
    private final ConsoleSettings settings;
    private final PolicyService policies;
    private final PolicyPages pages;

    PolicyEditor(ConsoleSettings settings, PolicyService policies, PolicyPages pages) {
        this.settings = settings;
        this.policies = policies;
        this.pages = pages;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                POST,
                "/console/policies/{name}/validate",
                "iam:AnalyzePolicy",
                ctx -> settings.arn("iam", "policy/*"),
                Pages.guarded(signedIn.apply(this::validate)));
        routes.add(
                POST,
                "/console/policies/{name}/versions",
                "iam:UpdatePolicy",
                ctx -> settings.arn("iam", "policy/" + ctx.pathParam("name")),
                Pages.guarded(signedIn.apply(this::save)));
        routes.add(
                GET,
                "/console/policies/{name}/simulate",
                "iam:GetPolicy",
                ctx -> settings.arn("iam", "policy/" + ctx.pathParam("name")),
                Pages.guarded(signedIn.apply(this::simulate)));
    }

    /** The validator's answer on the document, as a fragment beside the editor (200 either way: htmx swaps it). */
    private void validate(Context ctx) {
        Pages.render(ctx, "validation.jte", check(ctx.pathParam("name"), document(ctx)));
    }

    private void save(Context ctx) {
        String name = ctx.pathParam("name");
        String document = document(ctx);
        ValidationView checked = check(name, document);
        if (!checked.valid()) {
            PolicyRecord policy = policies.get(name);
            // Refused as the API refuses it (400 INVALID_POLICY, audited so), shown with the operator's text.
            ErrorResponses.respond(
                    ctx,
                    new RegistryException(
                            RegistryReason.INVALID_POLICY,
                            "invalid at line " + checked.line() + ", column " + checked.column() + ": "
                                    + checked.message() + " (" + checked.reason() + ")"));
            pages.render(ctx, policy, pages.versions(policy), document, checked, null);
            return;
        }
        policies.update(name, document);
        List<PolicyVersion> versions = policies.versions(name);
        int written = versions.get(versions.size() - 1).version();
        AuditedRoutes.details(ctx, Map.of("version", written));
        // Post, redirect, get: reloading the page does not save again.
        ctx.redirect(
                "/console/policies/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "?saved=" + written,
                HttpStatus.SEE_OTHER);
    }

    /** The strict parse the node writes with, and on success the analyzer's findings. */
    static ValidationView check(String name, String document) {
        try {
            PolicyParser.Result parsed = PolicyParser.parseStrict(name, document);
            return new ValidationView(
                    true,
                    parsed.policy().statements().size(),
                    0,
                    0,
                    "",
                    "",
                    "",
                    parsed.warnings().stream()
                            .map(w -> "line " + w.line() + ", column " + w.column() + ": " + w.message() + " ("
                                    + w.code() + ")")
                            .toList(),
                    LeastPrivilegeAnalyzer.analyze(parsed.policy()).stream()
                            .map(f -> f.severity() + " " + f.code() + " (statement " + f.statementIndex() + "): "
                                    + f.message())
                            .toList());
        } catch (PolicyValidationException e) {
            return new ValidationView(
                    false, 0, e.line(), e.column(), e.pointer(), e.reason().name(), e.detail(), List.of(), List.of());
        }
    }

    private void simulate(Context ctx) {
        String name = ctx.pathParam("name");
        PolicyRecord policy = policies.get(name);
        Pages.render(
                ctx,
                "simulation.jte",
                simulation(
                        policy,
                        text(ctx.queryParam("action")),
                        text(ctx.queryParam("resource")),
                        ctx.queryParam("context")));
    }

    /** {@code warden policy simulate --policy <this document> --action A --resource R --context K=V ...}. */
    static SimulationView simulation(PolicyRecord policy, String action, String resource, String context) {
        if (action.isEmpty() || resource.isEmpty()) {
            return refused("give an action and a resource");
        }
        RequestContext.Builder request = RequestContext.builder();
        try {
            ContextLines.parse(context).forEach(e -> request.put(e.key(), e.value()));
            Decision decision = PolicyEvaluator.evaluate(
                    PolicySet.of(PolicyParser.parse(policy.name(), policy.document())),
                    new AuthorizationRequest(action, resource, request.build()));
            MatchedStatement deciding = decision.decidingStatement();
            return new SimulationView(
                    decision.allowed() ? "ALLOW" : "DENY",
                    decision.basis().name(),
                    deciding == null
                            ? ""
                            : deciding.policyName() + " statement " + deciding.index()
                                    + (deciding.sid() == null ? "" : " (Sid " + deciding.sid() + ")"),
                    decision.explanation(),
                    "");
        } catch (IllegalArgumentException | PolicyValidationException e) {
            return refused(e.getMessage());
        }
    }

    private static SimulationView refused(String why) {
        return new SimulationView("", "", "", "", why);
    }

    private static String document(Context ctx) {
        String document = ctx.formParam("document");
        return document == null ? "" : document.replace("\r\n", "\n");
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
