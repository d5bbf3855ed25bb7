package dev.warden.api;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.NodeAudit;
import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.AdminCredentials;
import dev.warden.iam.PrincipalStatus;
import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.TokenService;
import dev.warden.iam.UserService;
import dev.warden.pki.Fingerprints;
import dev.warden.policy.Decision;
import dev.warden.policy.Policy;
import dev.warden.registry.CertificateService;
import dev.warden.registry.ServiceAccountCertificates;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who calls an admin route, and whether the policies let them: a bearer credential when the request has an
 * Authorization header (admin credential, service-account key, or a user's or role session's access token), else a
 * service account's client certificate. The route's action on its resource is then the policy engine's decision.
 */
final class AdminAuthentication {
    private final AdminCredentials credentials;
    private final ServiceAccounts services;
    private final TokenService tokens;
    private final PrincipalStatus principals;
    private final ServiceAccountCertificates serviceCertificates;
    private final AdminAuthorizer authorizer;
    private volatile ForwardedRequests forwarded;
    private final NodeAudit audit;
    private final ApiArns arns;

    AdminAuthentication(
            AdminCredentials credentials,
            ServiceAccounts services,
            TokenService tokens,
            PrincipalStatus principals,
            ServiceAccountCertificates serviceCertificates,
            AdminAuthorizer authorizer,
            NodeAudit audit,
            ApiArns arns) {
        this.credentials = credentials;
        this.services = services;
        this.tokens = tokens;
        this.principals = principals;
        this.serviceCertificates = serviceCertificates;
        this.authorizer = authorizer;
        this.audit = audit;
        this.arns = arns;
    }

    /** Checked before every authorized change (see {@link WriteGuard}); set once, before routes are served. */
    private volatile WriteGuard writeGuard = WriteGuard.NONE;

    void writeGuard(WriteGuard guard) {
        this.writeGuard = java.util.Objects.requireNonNull(guard, "guard");
    }

    /**
     * Wraps a handler so that it runs only for an authenticated caller whose policies allow the route's action: a
     * bearer credential when the request has an Authorization header, else a service account's client certificate.
     * A certificate that is not an active service-account certificate is refused (401), never ignored.
     */
    Handler admin(Handler handler) {
        return admin(ctx -> null, handler);
    }

    /**
     * The same for a resource with a policy of its own (a bucket): the caller's policies or the resource policy may
     * allow, an explicit Deny in either refuses. A resource policy that cannot be loaded denies (fail closed).
     */
    Handler admin(Function<Context, Policy> resourcePolicy, Handler handler) {
        return ctx -> {
            Optional<ForwardedRequests.Origin> origin = forwarded == null ? Optional.empty() : forwarded.origin(ctx);
            authorize(ctx, caller(ctx), origin, resourcePolicy, handler);
        };
    }

    /**
     * Wraps a handler for a caller that the node authenticated by other means than the API's credentials (the
     * console's session): from there on, the same decision, write guard, intent and audit as an API call, with the
     * event's {@code source} detail naming where the call came from.
     */
    Handler signedIn(java.util.function.Function<Context, SignedIn> callerOf, Handler handler) {
        return ctx -> {
            AuditedRoutes.source(ctx, SignedIn.CONSOLE);
            SignedIn signedIn = callerOf.apply(ctx);
            if (signedIn == null) {
                throw ApiException.unauthorized("sign in first");
            }
            authorize(
                    ctx, new Caller(signedIn.principal(), signedIn.mfa(), null), Optional.empty(), c -> null, handler);
        };
    }

    private void authorize(
            Context ctx,
            Caller caller,
            Optional<ForwardedRequests.Origin> origin,
            Function<Context, Policy> resourcePolicy,
            Handler handler)
            throws Exception {
        {
            AuditPrincipal principal = caller.principal();
            AuditedRoutes.principal(ctx, principal);
            ctx.attribute(AuditedRoutes.MFA, caller.mfa());
            String action = AuditedRoutes.action(ctx);
            String resource = AuditedRoutes.routeResource(ctx);
            // Every admin call is the engine's decision; a route without an action or resource is denied.
            Decision decision = action == null || resource == null
                    ? null
                    : authorizer.decide(
                            principal.type(),
                            principal.id(),
                            caller.mfa(),
                            caller.sessionPolicy(),
                            action,
                            resource,
                            ForwardedRequests.sourceIp(ctx),
                            resourcePolicy.apply(ctx),
                            principalArn(principal),
                            origin.map(ForwardedRequests.Origin::region).orElse(null));
            if (decision == null || !decision.allowed()) {
                if (decision != null) {
                    AuditedRoutes.decidedBy(ctx, decision);
                }
                throw ApiException.forbidden(
                        "ACCESS_DENIED",
                        decision == null
                                ? "this route has no authorization"
                                : action + " on " + resource + ": " + decision.explanation());
            }
            AuditedRoutes.decidedBy(ctx, decision);
            if (ctx.method() != io.javalin.http.HandlerType.GET && ctx.method() != io.javalin.http.HandlerType.HEAD) {
                writeGuard.check(action, ctx);
            }
            AuditedRoutes.recordIntent(ctx, audit);
            handler.handle(ctx);
        }
    }

    /** Accepts requests forwarded here from other regions through this node's link handler. */
    void acceptForwarded(ForwardedRequests requests) {
        this.forwarded = requests;
    }

    /** The principal of the request's bearer credential (401 when it has none or it is not valid here). */
    AuditPrincipal bearerPrincipal(Context ctx) {
        return caller(ctx).principal();
    }

    /** The caller by bearer credential or, without an Authorization header, by client certificate. */
    private Caller caller(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            if (!header.startsWith("Bearer ")) {
                throw ApiException.unauthorized("an admin credential is required (Authorization: Bearer ...)");
            }
            return authenticate(ctx, header.substring("Bearer ".length()).trim());
        }
        X509Certificate[] chain = clientCertificate(ctx);
        if (chain == null) {
            throw ApiException.unauthorized("an admin credential is required (Authorization: Bearer ..., "
                    + "or a service account's client certificate)");
        }
        return authenticate(ctx, chain);
    }

    /** The caller as a resource policy names it: {@code arn:warden:iam::<account>:<type>/<id>} (e.g. user/alice). */
    private String principalArn(AuditPrincipal principal) {
        return arns.of("iam", principal.type() + "/" + principal.id());
    }

    /** Who is calling, and whether they proved a second factor ({@code warden:MultiFactorAuthPresent}). */
    private record Caller(AuditPrincipal principal, boolean mfa, String sessionPolicy) {}

    /**
     * An admin credential ({@code wdn_admin_...}) or a user's access token (JWT). The principal's credential names
     * the token (hash prefix or token id), never contains it. A refused token is recorded as an
     * {@code unverified} principal with what it presented ({@link PresentedToken}).
     */
    private Caller authenticate(Context ctx, String token) {
        var admin = credentials.authenticate(token);
        if (admin.isPresent()) {
            return new Caller(
                    new AuditPrincipal(AdminCredentials.PRINCIPAL_TYPE, admin.get(), tokenId(token)), false, null);
        }
        var key = services.authenticate(token);
        if (key.isPresent()) {
            return new Caller(
                    new AuditPrincipal(
                            ServiceAccounts.PRINCIPAL_TYPE,
                            key.get().account(),
                            "key:" + key.get().keyId()),
                    false,
                    null);
        }
        // A valid signature is not enough: the token's principal may have been disabled since it was issued.
        var verification = principals.check(tokens, token);
        var user = verification.token();
        if (user == null) {
            PresentedToken presented =
                    PresentedToken.describe(token, verification.rejection().name());
            AuditedRoutes.principal(ctx, presented.principal());
            AuditedRoutes.details(ctx, presented.details());
            throw ApiException.unauthorized("the credential is not valid (unknown, revoked or expired)");
        }
        if (user.role() != null) {
            // A role session acts as the role; the trail keeps who assumed it.
            return new Caller(
                    new AuditPrincipal("role", user.role(), "jti:" + user.tokenId() + " by " + user.user()),
                    user.mfa(),
                    user.sessionPolicy());
        }
        return new Caller(
                new AuditPrincipal(UserService.PRINCIPAL_TYPE, user.user(), "jti:" + user.tokenId()), user.mfa(), null);
    }

    /** A service account by its client certificate; a refused certificate is still named (by fingerprint) in the trail. */
    private Caller authenticate(Context ctx, X509Certificate[] chain) {
        AuditedRoutes.principal(ctx, certificatePrincipal("certificate", chain[0]));
        ServiceAccountCertificates.CertificateIdentity identity = serviceCertificates.authenticate(chain);
        return new Caller(
                new AuditPrincipal(ServiceAccounts.PRINCIPAL_TYPE, identity.account(), identity.credential()),
                false,
                null);
    }

    static AuditPrincipal certificatePrincipal(String type, X509Certificate certificate) {
        return new AuditPrincipal(
                type, CertificateService.commonName(certificate), Fingerprints.sha256Hex(certificate));
    }

    /** A token is named in the trail by a prefix of its hash: enough to tell tokens apart, useless to an attacker. */
    static String tokenId(String token) {
        return "sha256:" + AdminCredentials.hash(token).substring(0, 16);
    }

    static X509Certificate[] clientCertificate(Context ctx) {
        Object attribute = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return attribute instanceof X509Certificate[] chain && chain.length > 0 ? chain : null;
    }

    static X509Certificate[] requireClientCertificate(Context ctx) {
        X509Certificate[] chain = clientCertificate(ctx);
        if (chain == null) {
            throw ApiException.unauthorized("this endpoint needs a client certificate (mTLS)");
        }
        return chain;
    }
}
