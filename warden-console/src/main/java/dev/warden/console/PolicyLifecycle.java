package dev.warden.console;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.api.ApiException;
import dev.warden.api.AuditedRoutes;
import dev.warden.console.core.LineDiff;
import dev.warden.console.core.PolicyEffects;
import dev.warden.console.view.ConfirmView;
import dev.warden.console.view.Frame;
import dev.warden.console.view.PolicyNewView;
import dev.warden.console.view.ValidationView;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.registry.PolicyService;
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
 * A policy's creation, deletion and restore of an earlier version, each in two steps: a page that says what the change
 * will do (a read: {@code iam:GetPolicy}, or for a new policy {@code iam:AnalyzePolicy}, the validator's own action),
 * then the change itself, a POST with the session's anti-CSRF token and {@code confirm=yes}, decided as the API's
 * route of the same change is: {@code iam:CreatePolicy} on {@code policy/*} (its resource then the new policy's, as the
 * API records it), {@code iam:DeletePolicy} and {@code iam:UpdatePolicy} on {@code policy/<name>}, each calling the
 * same {@link PolicyService} method. The API has no set-default-version route: making an earlier version the default
 * writes its document as a new version that names the one it restores ({@link PolicyService#restore}), which is an
 * update of the document, so {@code iam:UpdatePolicy}.
 */
final class PolicyLifecycle {
    private final ConsoleSettings settings;
    private final PolicyService policies;

    PolicyLifecycle(ConsoleSettings settings, PolicyService policies) {
        this.settings = settings;
        this.policies = policies;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        UnaryOperator<Handler> page = handler -> Pages.guarded(signedIn.apply(handler));
        routes.add(GET, "/console/new-policy", "iam:ListPolicies", ctx -> all(), page.apply(this::form));
        routes.add(POST, "/console/new-policy/validate", "iam:AnalyzePolicy", ctx -> all(), page.apply(this::validate));
        routes.add(POST, "/console/new-policy/review", "iam:AnalyzePolicy", ctx -> all(), page.apply(this::review));
        routes.add(POST, "/console/new-policy", "iam:CreatePolicy", ctx -> all(), page.apply(this::create));
        String delete = "/console/policies/{name}/delete";
        routes.add(GET, delete, "iam:GetPolicy", this::one, page.apply(this::confirmDelete));
        routes.add(POST, delete, "iam:DeletePolicy", this::one, page.apply(this::delete));
        String restore = "/console/policies/{name}/versions/{version}/restore";
        routes.add(GET, restore, "iam:GetPolicy", this::one, page.apply(this::confirmRestore));
        routes.add(POST, restore, "iam:UpdatePolicy", this::one, page.apply(this::restore));
    }

    private String all() {
        return settings.arn("iam", "policy/*");
    }

    private String one(Context ctx) {
        return settings.arn("iam", "policy/" + ctx.pathParam("name"));
    }

    private void form(Context ctx) {
        Pages.render(ctx, "policy-new.jte", new PolicyNewView(frame(ctx), "", "", null, null));
    }

    private void validate(Context ctx) {
        Pages.render(ctx, "validation.jte", PolicyEditor.check(name(ctx), document(ctx)));
    }

    /** The form again with the validator's answer when the document is invalid or the name taken, else the step. */
    private void review(Context ctx) {
        String name = name(ctx);
        String document = document(ctx);
        ValidationView checked = PolicyEditor.check(name, document);
        String refusal = policies.policyScope(name).isPresent() ? "A policy named " + name + " exists already." : null;
        if (!checked.valid() || refusal != null) {
            ctx.status(HttpStatus.BAD_REQUEST);
            Pages.render(ctx, "policy-new.jte", new PolicyNewView(frame(ctx), name, document, checked, refusal));
            return;
        }
        Pages.render(
                ctx,
                "confirm.jte",
                new ConfirmView(
                        SignIn.frame(ctx, "Create policy " + name + "?", "policies"),
                        PolicyEffects.creation(name, checked.statements()),
                        document,
                        List.of(),
                        checked,
                        "/console/new-policy",
                        Map.of("name", name),
                        "Create " + name,
                        "/console/policies"));
    }

    private void create(Context ctx) {
        Pages.requireConfirmed(ctx);
        String name = name(ctx);
        AuditedRoutes.resource(ctx, settings.arn("iam", "policy/" + name));
        policies.create(name, document(ctx));
        ctx.redirect(policy(name) + "?saved=1", HttpStatus.SEE_OTHER);
    }

    private void confirmDelete(Context ctx) {
        PolicyRecord policy = policies.get(ctx.pathParam("name"));
        String name = policy.name();
        Pages.render(
                ctx,
                "confirm.jte",
                new ConfirmView(
                        SignIn.frame(ctx, "Delete policy " + name + "?", "policies"),
                        PolicyEffects.deletion(
                                name,
                                policies.attachedThings(name),
                                policies.attachedPrincipals(name),
                                policy.builtIn() ? 0 : policies.versions(name).size()),
                        "",
                        List.of(),
                        null,
                        policy(name) + "/delete",
                        Map.of(),
                        "Delete " + name,
                        policy(name)));
    }

    private void delete(Context ctx) {
        Pages.requireConfirmed(ctx);
        String name = ctx.pathParam("name");
        policies.delete(name);
        ctx.redirect(
                "/console/policies?deleted=" + URLEncoder.encode(name, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    private void confirmRestore(Context ctx) {
        PolicyRecord policy = policies.get(ctx.pathParam("name"));
        String name = policy.name();
        int version = version(ctx);
        List<PolicyVersion> all = policies.versions(name);
        PolicyVersion chosen = all.stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow(() ->
                        ApiException.notFound("UNKNOWN_VERSION", "policy '" + name + "' has no version " + version));
        int inForce = all.isEmpty() ? 0 : all.get(all.size() - 1).version();
        Pages.render(
                ctx,
                "confirm.jte",
                new ConfirmView(
                        SignIn.frame(ctx, "Make version " + version + " of " + name + " the default?", "policies"),
                        PolicyEffects.restore(
                                name,
                                version,
                                inForce,
                                policies.attachedThings(name).size()
                                        + policies.attachedPrincipals(name).size()),
                        "",
                        LineDiff.of(policy.document(), chosen.document()),
                        null,
                        policy(name) + "/versions/" + version + "/restore",
                        Map.of(),
                        "Make version " + version + " the default",
                        policy(name)));
    }

    private void restore(Context ctx) {
        Pages.requireConfirmed(ctx);
        String name = ctx.pathParam("name");
        PolicyVersion written = policies.restore(name, version(ctx));
        AuditedRoutes.details(ctx, Map.of("version", written.version(), "restores", written.restores()));
        ctx.redirect(policy(name) + "?saved=" + written.version(), HttpStatus.SEE_OTHER);
    }

    private static Frame frame(Context ctx) {
        return SignIn.frame(ctx, "New policy", "policies");
    }

    private static int version(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("version"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_VERSION", "a version is a number");
        }
    }

    private static String name(Context ctx) {
        String name = ctx.formParam("name");
        return name == null ? "" : name.trim();
    }

    private static String document(Context ctx) {
        String document = ctx.formParam("document");
        return document == null ? "" : document.replace("\r\n", "\n");
    }

    private static String policy(String name) {
        return "/console/policies/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
