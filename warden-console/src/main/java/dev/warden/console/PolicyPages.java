package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import dev.warden.api.ApiException;
import dev.warden.api.AuditedRoutes;
import dev.warden.console.core.LineDiff;
import dev.warden.console.view.PoliciesView;
import dev.warden.console.view.PolicyDiffView;
import dev.warden.console.view.PolicyView;
import dev.warden.console.view.ValidationView;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.registry.PolicyService;
import dev.warden.registry.store.PolicyVersion;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Policies: the list ({@code iam:ListPolicies}), a policy's page with its document, attachments, versions (the one in
 * force marked) and editor, and a line diff between two of its versions; each read is the API's
 * {@code iam:GetPolicy} on {@code policy/<name>}. Editing, validation and the simulator are {@link PolicyEditor}'s;
 * creating, deleting and restoring a version are {@link PolicyLifecycle}'s.
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
        routes.add(
                GET,
                "/console/policies/{name}/diff",
                "iam:GetPolicy",
                ctx -> settings.arn("iam", "policy/" + ctx.pathParam("name")),
                Pages.guarded(signedIn.apply(this::diff)));
    }

    private void list(Context ctx) {
        List<PolicyRecord> all = policies.list();
        String deleted = ctx.queryParam("deleted");
        // Said only of a policy that is gone indeed: the query string alone proves nothing.
        String notice = deleted != null && all.stream().noneMatch(p -> p.name().equals(deleted))
                ? "Policy " + deleted + " is deleted."
                : null;
        Pages.render(
                ctx,
                "policies.jte",
                new PoliciesView(
                        SignIn.frame(ctx, "Policies", "policies"),
                        all.stream()
                                .map(p -> new PoliciesView.Row(
                                        p.name(), p.builtIn(), p.updatedAt().toString()))
                                .toList(),
                        notice));
    }

    private void show(Context ctx) {
        String name = ctx.pathParam("name");
        PolicyRecord policy = policies.get(name);
        String saved = ctx.queryParam("saved");
        List<PolicyView.VersionRow> versions = versions(policy);
        // Said only of the version in force: the query string alone proves nothing.
        String notice = versions.stream()
                .filter(v -> v.inForce() && Integer.toString(v.version()).equals(saved))
                .findFirst()
                .map(v -> "Saved as version " + v.version()
                        + (v.restores().isEmpty() ? "." : ", restoring version " + v.restores() + "."))
                .orElse(null);
        render(ctx, policy, versions, policy.document(), null, notice);
    }

    /** The policy's page; {@code editorText} and {@code validation} are the operator's when a save was refused. */
    void render(
            Context ctx,
            PolicyRecord policy,
            List<PolicyView.VersionRow> versions,
            String editorText,
            ValidationView validation,
            String notice) {
        Pages.render(
                ctx,
                "policy.jte",
                new PolicyView(
                        SignIn.frame(ctx, policy.name(), "policies"),
                        policy.name(),
                        policy.builtIn(),
                        policy.updatedAt().toString(),
                        Documents.pretty(policy.document()),
                        policies.attachedThings(policy.name()),
                        policies.attachedPrincipals(policy.name()),
                        editorText,
                        validation,
                        versions,
                        notice));
    }

    /** The versions, newest first; the one in force is the newest whose document is the policy's. */
    List<PolicyView.VersionRow> versions(PolicyRecord policy) {
        List<PolicyVersion> all = policy.builtIn() ? List.of() : policies.versions(policy.name());
        int inForce = all.stream()
                .filter(v -> v.document().equals(policy.document()))
                .mapToInt(PolicyVersion::version)
                .max()
                .orElse(0);
        return all.stream()
                .sorted((a, b) -> Integer.compare(b.version(), a.version()))
                .map(v -> new PolicyView.VersionRow(
                        v.version(),
                        v.createdAt().toString(),
                        v.restores() == null ? "" : Integer.toString(v.restores()),
                        v.version() == inForce))
                .toList();
    }

    private void diff(Context ctx) {
        String name = ctx.pathParam("name");
        List<PolicyVersion> all = policies.versions(name);
        if (all.isEmpty()) {
            throw ApiException.badRequest("NO_VERSIONS", "policy '" + name + "' has no versions to compare");
        }
        int newest = all.get(all.size() - 1).version();
        int to = version(ctx.queryParam("to"), newest);
        int from = version(ctx.queryParam("from"), Math.max(1, to - 1));
        List<LineDiff.Line> lines = LineDiff.of(document(all, from), document(all, to));
        Pages.render(
                ctx,
                "policy-diff.jte",
                new PolicyDiffView(
                        SignIn.frame(ctx, name + ": version " + from + " to " + to, "policies"),
                        name,
                        all.stream().map(PolicyVersion::version).toList(),
                        from,
                        to,
                        lines,
                        LineDiff.changed(lines)));
    }

    private static String document(List<PolicyVersion> all, int version) {
        return all.stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .map(PolicyVersion::document)
                .orElseThrow(() -> ApiException.notFound("UNKNOWN_VERSION", "no version " + version));
    }

    private static int version(String raw, int otherwise) {
        if (raw == null || raw.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_VERSION", "a version is a number");
        }
    }
}
