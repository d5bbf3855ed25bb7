package dev.warden.console;

import static io.javalin.http.HandlerType.POST;

import dev.warden.api.AuditedRoutes;
import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.ComplianceReason;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Fix;
import dev.warden.compliance.core.StoredFinding;
import dev.warden.console.core.FixPlan;
import dev.warden.kms.node.KmsArns;
import dev.warden.kms.rotation.RandomPasswordRotator;
import dev.warden.pki.RevocationReason;
import dev.warden.registry.CertificateService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A finding's one-command fix, run from its page after the page said what it will do: a POST (with the session's
 * anti-CSRF token) to one route per kind of fix ({@link FixPlan.Kind}), each the API's own action on the same resource
 * as the route {@code warden compliance fix} calls ({@code kms:RotateKey} on the key, {@code warden:DeleteBucketPolicy}
 * on the bucket, ...), decided by the signed-in user's policies and audited as the console's, and each calling the
 * same service method as that route. The finding's stored fix must be that kind exactly, or the decision is made on
 * no resource and refused; the node never runs a fix with rights of its own. The change itself re-runs the finding's
 * check (compliance watches the trail), as after the CLI's fix without {@code compliance:StartRun}.
 */
final class ComplianceFixes {
    private final ConsoleSettings settings;
    private final ComplianceServices compliance;
    private final VaultServices vault;
    private final CertificateService certificates;

    ComplianceFixes(
            ConsoleSettings settings,
            ComplianceServices compliance,
            VaultServices vault,
            CertificateService certificates) {
        this.settings = settings;
        this.compliance = compliance;
        this.vault = vault;
        this.certificates = certificates;
    }

    /** The console route that runs a finding's fix of this kind. */
    static String route(long findingId, FixPlan.Kind kind) {
        return "/console/compliance/findings/" + findingId + "/fix/" + kind.slug();
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        for (FixPlan.Kind kind : FixPlan.Kind.values()) {
            routes.add(
                    POST,
                    "/console/compliance/findings/{id}/fix/" + kind.slug(),
                    kind.action(),
                    ctx -> targetArn(plan(ctx, kind)),
                    Pages.guarded(signedIn.apply(ctx -> fix(ctx, kind))));
        }
    }

    private void fix(Context ctx, FixPlan.Kind kind) {
        StoredFinding finding = finding(ctx);
        if (finding.status() == FindingStatus.RESOLVED) {
            throw new ComplianceException(ComplianceReason.NO_FIX, "finding " + finding.id() + " is resolved already");
        }
        FixPlan plan = plan(ctx, kind);
        AuditedRoutes.details(
                ctx,
                Map.of(
                        "finding", finding.id(),
                        "check", finding.finding().check().name(),
                        "fix", finding.finding().fix().map(Fix::command).orElse("")));
        run(plan);
        // Post, redirect, get: reloading the page does not run the fix again.
        ctx.redirect("/console/compliance/findings/" + finding.id() + "?fixed=" + kind.slug(), HttpStatus.SEE_OTHER);
    }

    /** The same service call as the API's route of the fix. */
    private void run(FixPlan plan) {
        switch (plan.kind()) {
            case ROTATE_KEY ->
                vault.maintenance()
                        .afterRotation(vault.kms().rotateKey(plan.target()).arn());
            case ROTATE_SECRET -> vault.secrets().rotate(plan.target(), new RandomPasswordRotator());
            case DELETE_BUCKET_POLICY -> vault.buckets().deletePolicy(plan.target());
            case BLOCK_PUBLIC_ACCESS -> vault.buckets().setPublicAccessBlock(true);
            case REVOKE_CERTIFICATE -> certificates.revoke(plan.target(), RevocationReason.parse(plan.reason()));
        }
    }

    /** The resource of the API's route of the fix, as its own resource function names it. */
    private String targetArn(FixPlan plan) {
        return switch (plan.kind()) {
            case ROTATE_KEY -> KmsArns.key(settings.region(), settings.account(), plan.target());
            case ROTATE_SECRET -> KmsArns.secret(settings.region(), settings.account(), plan.target());
            case DELETE_BUCKET_POLICY -> vault.buckets().arn(plan.target(), null);
            case BLOCK_PUBLIC_ACCESS -> vault.buckets().publicAccessBlockArn();
            case REVOKE_CERTIFICATE -> settings.arn("iot", "cert/" + plan.target());
        };
    }

    /** The finding's stored fix as this route's kind, or refused (409 NO_FIX) when it is not. */
    private FixPlan plan(Context ctx, FixPlan.Kind kind) {
        StoredFinding finding = finding(ctx);
        return finding.finding()
                .fix()
                .flatMap(f -> FixPlan.of(f.method(), f.path(), f.iamAction(), f.body()))
                .filter(p -> p.kind() == kind)
                .orElseThrow(() -> new ComplianceException(
                        ComplianceReason.NO_FIX, "finding " + finding.id() + " has no fix of this kind"));
    }

    private StoredFinding finding(Context ctx) {
        return compliance.compliance().finding(CompliancePages.findingId(ctx.pathParam("id")));
    }
}
