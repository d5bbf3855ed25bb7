package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import dev.warden.api.AuditedRoutes;
import dev.warden.console.view.PoliciesView;
import dev.warden.console.view.PolicyView;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.registry.PolicyService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.function.UnaryOperator;

/**
 * Policies, read-only in this slice: the list ({@code iam:ListPolicies}) and a policy's document with what it is
 * attached to ({@code iam:GetPolicy} on {@code policy/<name>}), the same actions and resources as the API's.
 */
final class PolicyPages {
    private final ConsoleSettings settings;
    private final PolicyService policies;

    PolicyPages(ConsoleSettings settings, PolicyService policies) {
        this.settings = settings;
        this.policies = policies;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/policies",
                "iam:ListPolicies",
                ctx -> settings.arn("iam", "policy/*"),
                Pages.guarded(signedIn.apply(this::list)));
        routes.add(
                GET,
                "/console/policies/{name}",
                "iam:GetPolicy",
                ctx -> settings.arn("iam", "policy/" + ctx.pathParam("name")),
                Pages.guarded(signedIn.apply(this::show)));
    }

    private void list(Context ctx) {
        Pages.render(
                ctx,
                "policies.jte",
                new PoliciesView(
                        SignIn.frame(ctx, "Policies", "policies"),
                        policies.list().stream()
                                .map(p -> new PoliciesView.Row(
                                        p.name(), p.builtIn(), p.updatedAt().toString()))
                                .toList()));
    }

    private void show(Context ctx) {
        String name = ctx.pathParam("name");
        PolicyRecord policy = policies.get(name);
        Pages.render(
                ctx,
                "policy.jte",
                new PolicyView(
                        SignIn.frame(ctx, policy.name(), "policies"),
                        policy.name(),
                        policy.builtIn(),
                        policy.updatedAt().toString(),
                        Documents.pretty(policy.document()),
                        policies.attachedThings(name),
                        policies.attachedPrincipals(name)));
    }
}
