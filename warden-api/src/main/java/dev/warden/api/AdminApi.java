package dev.warden.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditPrincipal;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.policy.Arn;
import dev.warden.audit.NodeAudit;
import dev.warden.policy.Decision;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.PolicyGenerator;
import dev.warden.iam.RoleService;
import dev.warden.registry.ServiceAccountCertificates;
import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.TokenService;
import dev.warden.iam.UserService;
import dev.warden.registry.PolicyService;
import dev.warden.pki.RevocationReason;
import dev.warden.iam.AdminCredentials;
import dev.warden.registry.CertificateService;
import dev.warden.registry.provisioning.JitpService;
import dev.warden.registry.provisioning.ProvisioningService;
import dev.warden.storage.Database;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.Claim;
import dev.warden.iam.store.PolicyDao;
import dev.warden.registry.store.ProvisioningTemplate;
import dev.warden.registry.store.ThingDao;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.function.Function;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API (HTTPS only; TLS requests but does not require a client certificate). Every admin route needs a
 * bearer credential or, without an Authorization header, a service account's client certificate; the provisioning
 * routes instead need a claim (certificate over mTLS, or enrollment token) or, for rotation, the device's own
 * certificate.
 */
public final class AdminApi {
    private final ApiSettings config;
    private final Database database;
    private final AdminCredentials credentials;
    private final CertificateService certificates;
    private final ProvisioningService provisioning;
    private final JitpService jitp;
    private final Clock clock;
    private final NodeAudit audit;
    private final AuditApi auditApi;
    private final PolicyService policies;
    private final AdminAuthorizer authorizer;
    private final TokenService tokens;
    private final UserService users;
    private final PolicyGenerator policyGenerator;
    private final RoleService roles;
    private final ServiceAccounts services;
    private final ServiceAccountCertificates serviceCertificates;
    private final KmsApi kmsApi;
    private final SecretsApi secretsApi;
    private final TelemetryApi telemetryApi;
    private final BucketsApi bucketsApi;
    private final WitnessApi witnessApi;

    public AdminApi(ApiSettings config, Database database, AdminCredentials credentials, CertificateService certificates,
                    ProvisioningService provisioning, JitpService jitp, PolicyService policies, AdminAuthorizer authorizer,
                    TokenService tokens, UserService users, NodeAudit audit, AuditApi auditApi, KmsApi kmsApi, SecretsApi secretsApi,
                    TelemetryApi telemetryApi, BucketsApi bucketsApi, WitnessApi witnessApi, Clock clock) {
        this.config = config;
        this.database = database;
        this.credentials = credentials;
        this.certificates = certificates;
        this.provisioning = provisioning;
        this.jitp = jitp;
        this.clock = clock;
        this.audit = audit;
        this.auditApi = auditApi;
        this.policies = policies;
        this.authorizer = authorizer;
        this.tokens = tokens;
        this.users = users;
        this.policyGenerator = new PolicyGenerator(auditApi.store(), config.region());
        this.roles = new RoleService(database, tokens, authorizer, config.account(), clock);
        this.services = new ServiceAccounts(database, clock);
        this.serviceCertificates = new ServiceAccountCertificates(database, certificates, certificates.statusIndex(), clock);
        this.kmsApi = kmsApi;
        this.secretsApi = secretsApi;
        this.telemetryApi = telemetryApi;
        this.bucketsApi = bucketsApi;
        this.witnessApi = witnessApi;
    }

    public void register(Javalin app, ReadinessProbe readiness) {
        app.get("/health", ErrorResponses.guarded(readiness::handle));
        AuditedRoutes routes = new AuditedRoutes(app, audit);
        app.get("/openapi.json", ErrorResponses.guarded(ctx -> ctx.contentType("application/json")
                .result(OpenApiDocument.json(routes.registered()))));
        Function<Context, String> thing = ctx -> iot("thing/" + ctx.pathParam("name"));
        Function<Context, String> cert = ctx -> iot("cert/" + ctx.pathParam("serial"));
        Function<Context, String> template = ctx -> iot("provisioningtemplate/" + ctx.pathParam("name"));

        routes.add(GET, "/ca", "warden:DescribeCa", ctx -> arn("warden", "ca/" + config.region()), admin(ctx -> ctx.json(caInfo())));

        routes.add(POST, "/things", "warden:CreateThing", ctx -> iot("thing/*"), admin(this::enroll));
        routes.add(GET, "/things", "warden:ListThings", ctx -> iot("thing/*"), admin(ctx -> ctx.json(Views.list("things",
                database.read(h -> new ThingDao(h).list(Requests.limit(ctx), ctx.queryParam("after"))), Views::thing))));
        routes.add(GET, "/things/{name}", "warden:DescribeThing", thing, admin(this::showThing));
        routes.add(DELETE, "/things/{name}", "warden:DeleteThing", thing, admin(ctx -> {
            certificates.deleteThing(ctx.pathParam("name"));
            policies.forgetThing(ctx.pathParam("name"));
            telemetryApi.onThingDeleted(ctx.pathParam("name"));
            ctx.status(204);
        }));
        routes.add(POST, "/things/{name}/revoke", "warden:RevokeThingCertificates", thing, admin(ctx -> {
            RevocationReason reason = reason(Requests.body(ctx));
            List<CertificateRecord> revoked = certificates.revokeThing(ctx.pathParam("name"), reason);
            ctx.json(Views.list("revoked", revoked, Views::certificate));
        }));

        routes.add(GET, "/certificates", "warden:ListCertificates", ctx -> iot("cert/*"), admin(ctx -> ctx.json(Views.list("certificates",
                certificates.list(Requests.limit(ctx), ctx.queryParam("after")), Views::certificate))));
        routes.add(GET, "/certificates/{serial}", "warden:DescribeCertificate", cert, admin(ctx -> ctx.json(Views.certificate(
                certificates.find(ctx.pathParam("serial"))
                        .orElseThrow(() -> ApiException.notFound("UNKNOWN_CERTIFICATE", "no certificate with that serial"))))));
        routes.add(POST, "/certificates/{serial}/revoke", "warden:RevokeCertificate", cert, admin(ctx ->
                ctx.json(Views.certificate(certificates.revoke(ctx.pathParam("serial"), reason(Requests.body(ctx)))))));
        routes.add(POST, "/certificates/{serial}/status", "warden:UpdateCertificateStatus", cert, admin(ctx -> {
            String status = Requests.requiredText(Requests.body(ctx), "status");
            CertificateStatus target = switch (status.toUpperCase(java.util.Locale.ROOT)) {
                case "ACTIVE" -> CertificateStatus.ACTIVE;
                case "INACTIVE" -> CertificateStatus.INACTIVE;
                default -> throw ApiException.badRequest("INVALID_STATUS", "status must be ACTIVE or INACTIVE");
            };
            ctx.json(Views.certificate(certificates.setStatus(ctx.pathParam("serial"), target)));
        }));

        routes.add(POST, "/provisioning-templates", "warden:CreateProvisioningTemplate", ctx -> iot("provisioningtemplate/*"),
                admin(this::createTemplate));
        routes.add(GET, "/provisioning-templates", "warden:ListProvisioningTemplates", ctx -> iot("provisioningtemplate/*"),
                admin(ctx -> ctx.json(Views.list("templates", provisioning.templates(), Views::template))));
        routes.add(GET, "/provisioning-templates/{name}", "warden:DescribeProvisioningTemplate", template,
                admin(ctx -> ctx.json(Views.template(provisioning.template(ctx.pathParam("name"))))));
        routes.add(DELETE, "/provisioning-templates/{name}", "warden:DeleteProvisioningTemplate", template, admin(ctx -> {
            provisioning.deleteTemplate(ctx.pathParam("name"));
            ctx.status(204);
        }));

        routes.add(POST, "/claims", "warden:CreateClaim", ctx -> iot("claim/*"), admin(this::createClaim));
        routes.add(GET, "/claims", "warden:ListClaims", ctx -> iot("claim/*"),
                admin(ctx -> ctx.json(Views.list("claims", provisioning.claims(), Views::claim))));
        routes.add(POST, "/claims/{name}/deactivate", "warden:DeactivateClaim", ctx -> iot("claim/" + ctx.pathParam("name")),
                admin(ctx -> {
                    provisioning.deactivateClaim(ctx.pathParam("name"));
                    ctx.json(Map.of("name", ctx.pathParam("name"), "status", "INACTIVE"));
                }));

        routes.add(POST, "/manufacturer-cas", "warden:RegisterManufacturerCa", ctx -> iot("cacert/*"), admin(ctx -> {
            JsonNode body = Requests.body(ctx);
            ctx.status(201).json(Views.manufacturerCa(jitp.register(Requests.requiredText(body, "certificatePem"),
                    Requests.requiredText(body, "template"))));
        }));
        routes.add(GET, "/manufacturer-cas", "warden:ListManufacturerCas", ctx -> iot("cacert/*"),
                admin(ctx -> ctx.json(Views.list("manufacturerCas", jitp.list(), Views::manufacturerCa))));

        Function<Context, String> policy = ctx -> arn("iam", "policy/" + ctx.pathParam("name"));
        routes.add(GET, "/policies", "iam:ListPolicies", ctx -> arn("iam", "policy/*"), admin(ctx -> ctx.json(Map.of("policies",
                policies.list().stream().map(Views::policy).toList()))));
        routes.add(POST, "/policies", "iam:CreatePolicy", ctx -> arn("iam", "policy/*"), admin(ctx -> {
            JsonNode body = Requests.body(ctx);
            String name = Requests.requiredText(body, "name");
            AuditedRoutes.resource(ctx, arn("iam", "policy/" + name));
            ctx.status(201).json(Views.policy(policies.create(name, Requests.requiredText(body, "document"))));
        }));
        routes.add(GET, "/policies/{name}", "iam:GetPolicy", policy, admin(ctx -> {
            Map<String, Object> view = Views.policy(policies.get(ctx.pathParam("name")));
            view.put("attachedThings", policies.attachedThings(ctx.pathParam("name")));
            view.put("attachedPrincipals", policies.attachedPrincipals(ctx.pathParam("name")));
            ctx.json(view);
        }));
        routes.add(PUT, "/policies/{name}", "iam:UpdatePolicy", policy, admin(ctx -> ctx.json(Views.policy(
                policies.update(ctx.pathParam("name"), Requests.requiredText(Requests.body(ctx), "document"))))));
        routes.add(DELETE, "/policies/{name}", "iam:DeletePolicy", policy, admin(ctx -> {
            policies.delete(ctx.pathParam("name"));
            ctx.status(204);
        }));
        routes.add(POST, "/thing-groups", "iot:CreateThingGroup", ctx -> iot("thinggroup/*"), admin(ctx -> {
            String name = Requests.requiredText(Requests.body(ctx), "name");
            AuditedRoutes.resource(ctx, iot("thinggroup/" + name));
            policies.createThingGroup(name);
            ctx.status(201).json(Map.of("name", name));
        }));
        routes.add(POST, "/thing-groups/{name}/things", "iot:AddThingToThingGroup",
                ctx -> iot("thinggroup/" + ctx.pathParam("name")), admin(ctx -> {
                    String thingName = Requests.requiredText(Requests.body(ctx), "thing");
                    policies.addToThingGroup(ctx.pathParam("name"), thingName);
                    ctx.json(Map.of("thingGroup", ctx.pathParam("name"), "thing", thingName));
                }));
        routes.add(DELETE, "/thing-groups/{name}/things/{thing}", "iot:RemoveThingFromThingGroup",
                ctx -> iot("thinggroup/" + ctx.pathParam("name")), admin(ctx -> {
                    policies.removeFromThingGroup(ctx.pathParam("name"), ctx.pathParam("thing"));
                    ctx.status(204);
                }));
        routes.add(POST, "/policies/{name}/attach", "iam:AttachPolicy", policy, admin(ctx -> attachment(ctx, true)));
        routes.add(POST, "/policies/{name}/detach", "iam:DetachPolicy", policy, admin(ctx -> attachment(ctx, false)));

        new IdentityRoutes(users, roles, services, serviceCertificates, tokens, this::admin, resource -> arn("iam", resource))
                .register(app, routes);
        routes.add(GET, "/whoami", "sts:GetCallerIdentity", ctx -> arn("sts", "caller"), admin(ctx -> {
            AuditPrincipal principal = (AuditPrincipal) (Object) ctx.attribute(AuditedRoutes.PRINCIPAL);
            ctx.json(Map.of("type", principal.type(), "id", principal.id(), "credential", principal.credential()));
        }));
        routes.add(GET, "/audit/events", "audit:LookupEvents", ctx -> arn("audit", "trail/" + config.region()),
                admin(auditApi::lookup));
        new PolicyAnalysisApi(policyGenerator, this::admin, resource -> arn("iam", resource), policies::policiesOf)
                .register(routes);
        routes.add(POST, "/audit/archive", "audit:ArchiveEvents", ctx -> arn("audit", "trail/" + config.region()),
                admin(auditApi::archive));
        routes.add(GET, "/audit/events/{eventId}/proof", "audit:GetEventProof",
                ctx -> arn("audit", "trail/" + config.region()), admin(auditApi::proof));
        routes.add(POST, "/audit/signing-key/rotate", "audit:RotateSigningKey",
                ctx -> arn("audit", "trail/" + config.region()), admin(auditApi::rotateKey));
        kmsApi.register(routes, this::admin);
        secretsApi.register(routes, this::admin);
        telemetryApi.register(routes, this::admin);
        bucketsApi.register(routes, this::admin);
        witnessApi.register(routes, this::admin);

        routes.add(POST, "/provisioning/templates/{name}/provision", "iot:ProvisionByClaim", template, this::provision);
        routes.add(POST, "/provisioning/rotate", "iot:RotateCertificate", ctx -> iot("cert/*"), ctx -> {
            X509Certificate presented = requireClientCertificate(ctx)[0];
            AuditedRoutes.principal(ctx, certificatePrincipal("thing", presented));
            var issued = provisioning.rotate(presented, Requests.csr(Requests.body(ctx)));
            AuditedRoutes.resource(ctx, iot("thing/" + issued.record().thingName()));
            ctx.status(201).json(Views.issued(issued));
        });
        routes.add(POST, "/provisioning/jitp", "iot:RegisterOnFirstUse", ctx -> iot("thing/*"), ctx -> {
            X509Certificate[] chain = requireClientCertificate(ctx);
            AuditedRoutes.principal(ctx, certificatePrincipal("thing", chain[0]));
            ctx.json(Views.certificate(jitp.registerOnFirstUse(chain)));
        });
    }

    /** Attaches or detaches a policy to {"thing": NAME} or {"admin": CREDENTIAL_ID}. */
    private void attachment(Context ctx, boolean attach) {
        JsonNode body = Requests.body(ctx);
        String name = ctx.pathParam("name");
        String thingName = Requests.optionalText(body, "thing");
        String type = null;
        String id = null;
        int given = thingName != null ? 1 : 0;
        Map<String, String> principalTypes = Map.of(AdminCredentials.PRINCIPAL_TYPE, AdminCredentials.PRINCIPAL_TYPE,
                UserService.PRINCIPAL_TYPE, UserService.PRINCIPAL_TYPE, "group", "group", "role", "role",
                ServiceAccounts.PRINCIPAL_TYPE, ServiceAccounts.PRINCIPAL_TYPE, "thingGroup", ThingPolicyCache.THING_GROUP);
        for (Map.Entry<String, String> field : principalTypes.entrySet()) {
            String value = Requests.optionalText(body, field.getKey());
            if (value != null) {
                type = field.getValue();
                id = value;
                given++;
            }
        }
        if (given != 1) {
            throw ApiException.badRequest("INVALID_FIELD", "give exactly one of 'thing', 'thingGroup', 'admin', 'user', 'group', 'role' or 'service'");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("policy", name);
        if (thingName != null) {
            if (attach) {
                policies.attach(name, thingName);
            } else {
                policies.detach(name, thingName);
            }
            view.put("thing", thingName);
        } else {
            if (attach) {
                policies.attachToPrincipal(name, type, id);
            } else {
                policies.detachFromPrincipal(name, type, id);
            }
            view.put(type, id);
        }
        view.put("attached", attach);
        ctx.json(view);
    }

    private String iot(String resource) {
        return arn("iot", resource);
    }

    private String arn(String service, String resource) {
        return Arn.of(service, "iam".equals(service) ? "" : config.region(), config.account(), resource).toString();
    }

    private static AuditPrincipal certificatePrincipal(String type, X509Certificate certificate) {
        return new AuditPrincipal(type, CertificateService.commonName(certificate), Fingerprints.sha256Hex(certificate));
    }

    /** A token is named in the trail by a prefix of its hash: enough to tell tokens apart, useless to an attacker. */
    static String tokenId(String token) {
        return "sha256:" + AdminCredentials.hash(token).substring(0, 16);
    }

    /**
     * Wraps a handler so that it runs only for an authenticated caller whose policies allow the route's action: a
     * bearer credential when the request has an Authorization header, else a service account's client certificate.
     * A certificate that is not an active service-account certificate is refused (401), never ignored.
     */
    private Handler admin(Handler handler) {
        return admin(ctx -> null, handler);
    }

    /**
     * The same for a resource with a policy of its own (a bucket): the caller's policies or the resource policy may
     * allow, an explicit Deny in either refuses. A resource policy that cannot be loaded denies (fail closed).
     */
    private Handler admin(Function<Context, dev.warden.policy.Policy> resourcePolicy, Handler handler) {
        return ctx -> {
            String header = ctx.header("Authorization");
            Caller caller;
            if (header != null) {
                if (!header.startsWith("Bearer ")) {
                    throw ApiException.unauthorized("an admin credential is required (Authorization: Bearer ...)");
                }
                caller = authenticate(ctx, header.substring("Bearer ".length()).trim());
            } else {
                X509Certificate[] chain = clientCertificate(ctx);
                if (chain == null) {
                    throw ApiException.unauthorized("an admin credential is required (Authorization: Bearer ..., "
                            + "or a service account's client certificate)");
                }
                caller = authenticate(ctx, chain);
            }
            AuditPrincipal principal = caller.principal();
            AuditedRoutes.principal(ctx, principal);
            ctx.attribute(AuditedRoutes.MFA, caller.mfa());
            String action = AuditedRoutes.action(ctx);
            String resource = AuditedRoutes.routeResource(ctx);
            // Every admin call is the engine's decision; a route without an action or resource is denied.
            Decision decision = action == null || resource == null
                    ? null : authorizer.decide(principal.type(), principal.id(), caller.mfa(), caller.sessionPolicy(), action, resource,
                    ctx.ip(), resourcePolicy.apply(ctx), principalArn(principal));
            if (decision == null || !decision.allowed()) {
                if (decision != null) {
                    AuditedRoutes.decidedBy(ctx, decision);
                }
                throw ApiException.forbidden("ACCESS_DENIED", decision == null ? "this route has no authorization"
                        : action + " on " + resource + ": " + decision.explanation());
            }
            AuditedRoutes.decidedBy(ctx, decision);
            AuditedRoutes.recordIntent(ctx, audit);
            handler.handle(ctx);
        };
    }

    /** The caller as a resource policy names it: {@code arn:warden:iam::<account>:<type>/<id>} (e.g. user/alice). */
    private String principalArn(AuditPrincipal principal) {
        return arn("iam", principal.type() + "/" + principal.id());
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
            return new Caller(new AuditPrincipal(AdminCredentials.PRINCIPAL_TYPE, admin.get(), tokenId(token)), false, null);
        }
        var key = services.authenticate(token);
        if (key.isPresent()) {
            return new Caller(new AuditPrincipal(ServiceAccounts.PRINCIPAL_TYPE, key.get().account(), "key:" + key.get().keyId()),
                    false, null);
        }
        var verification = tokens.check(token);
        var user = verification.token();
        if (user == null) {
            PresentedToken presented = PresentedToken.describe(token, verification.rejection().name());
            AuditedRoutes.principal(ctx, presented.principal());
            AuditedRoutes.details(ctx, presented.details());
            throw ApiException.unauthorized("the credential is not valid (unknown, revoked or expired)");
        }
        if (user.role() != null) {
            // A role session acts as the role; the trail keeps who assumed it.
            return new Caller(new AuditPrincipal("role", user.role(), "jti:" + user.tokenId() + " by " + user.user()),
                    user.mfa(), user.sessionPolicy());
        }
        return new Caller(new AuditPrincipal(UserService.PRINCIPAL_TYPE, user.user(), "jti:" + user.tokenId()), user.mfa(),
                null);
    }

    /** A service account by its client certificate; a refused certificate is still named (by fingerprint) in the trail. */
    private Caller authenticate(Context ctx, X509Certificate[] chain) {
        AuditedRoutes.principal(ctx, certificatePrincipal("certificate", chain[0]));
        ServiceAccountCertificates.CertificateIdentity identity = serviceCertificates.authenticate(chain);
        return new Caller(new AuditPrincipal(ServiceAccounts.PRINCIPAL_TYPE, identity.account(), identity.credential()),
                false, null);
    }

    private Map<String, Object> caInfo() {
        var h = certificates.hierarchy();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", config.region());
        m.put("account", config.account());
        m.put("root", caView(h.root().certificate(), h.root().privateKey() != null));
        m.put("issuing", caView(h.issuing().certificate(), true));
        m.put("ocspSigner", caView(h.ocsp().certificate(), true));
        m.put("crlUrl", config.crlUrl());
        m.put("ocspUrl", config.ocspUrl());
        m.put("keyStorage", config.hsm() == null || config.hsm().isBlank() ? "software" : "pkcs11");
        return m;
    }

    private static Map<String, Object> caView(X509Certificate c, boolean keyOnline) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", c.getSubjectX500Principal().getName());
        m.put("serial", c.getSerialNumber().toString(16));
        m.put("notAfter", c.getNotAfter().toInstant().toString());
        m.put("keyAlgorithm", c.getPublicKey().getAlgorithm());
        m.put("keyOnline", keyOnline);
        m.put("pem", Pem.encode(c));
        return m;
    }

    private void enroll(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String name = Requests.requiredText(body, "name");
        AuditedRoutes.resource(ctx, iot("thing/" + name));
        var issued = certificates.enroll(name, Requests.csr(body), Requests.optionalText(body, "thingType"),
                Requests.stringMap(body, "attributes"), Requests.optionalText(body, "policy"));
        ctx.status(201).json(Views.issued(issued));
    }

    private void showThing(Context ctx) {
        String name = ctx.pathParam("name");
        Map<String, Object> view = database.read(h -> {
            var thing = new ThingDao(h).find(name)
                    .orElseThrow(() -> ApiException.notFound("UNKNOWN_THING", "no thing named '" + name + "'"));
            Map<String, Object> m = Views.thing(thing);
            m.put("policies", new PolicyDao(h).policiesOfThing(name));
            m.put("certificates", new CertificateDao(h).forThing(name).stream().map(Views::certificate).toList());
            return m;
        });
        ctx.json(view);
    }

    static RevocationReason reason(JsonNode body) {
        String raw = Requests.optionalText(body, "reason");
        if (raw == null) {
            return RevocationReason.UNSPECIFIED;
        }
        try {
            return RevocationReason.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_REASON", e.getMessage());
        }
    }

    private void createTemplate(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String hookType = Requests.optionalText(body, "hook");
        ProvisioningTemplate.HookType hook;
        try {
            hook = hookType == null ? ProvisioningTemplate.HookType.NONE
                    : ProvisioningTemplate.HookType.valueOf(hookType.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_FIELD", "hook must be NONE, ALLOWLIST or WEBHOOK");
        }
        String initial = Requests.optionalText(body, "initialStatus");
        CertificateStatus status;
        if (initial == null || initial.equalsIgnoreCase("ACTIVE")) {
            status = CertificateStatus.ACTIVE;
        } else if (initial.equalsIgnoreCase("PENDING_ACTIVATION")) {
            status = CertificateStatus.PENDING_ACTIVATION;
        } else {
            throw ApiException.badRequest("INVALID_FIELD", "initialStatus must be ACTIVE or PENDING_ACTIVATION");
        }
        String regions = Requests.optionalText(body, "allowedRegions");
        String policy = Requests.optionalText(body, "policy");
        ProvisioningTemplate template = new ProvisioningTemplate(
                Requests.requiredText(body, "name"),
                Requests.requiredText(body, "namePattern"),
                Requests.optionalText(body, "thingType"),
                Requests.stringMap(body, "attributes"),
                regions == null ? List.of() : Arrays.stream(regions.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                policy == null ? dev.warden.policy.DefaultPolicies.DEVICE_DEFAULT_NAME : policy,
                status,
                hook,
                Requests.optionalText(body, "hookConfig"),
                Requests.optionalBoolean(body, "enabled", true),
                clock.instant());
        ctx.status(201).json(Views.template(provisioning.createTemplate(template)));
    }

    private void createClaim(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String kind = Requests.optionalText(body, "kind");
        Claim.Kind claimKind = kind == null || kind.equalsIgnoreCase("certificate") ? Claim.Kind.CERTIFICATE
                : kind.equalsIgnoreCase("token") ? Claim.Kind.TOKEN : null;
        if (claimKind == null) {
            throw ApiException.badRequest("INVALID_FIELD", "kind must be 'certificate' or 'token'");
        }
        Integer expiresIn = Requests.optionalInt(body, "expiresInSeconds");
        if (expiresIn != null && expiresIn <= 0) {
            throw ApiException.badRequest("INVALID_FIELD", "expiresInSeconds must be positive");
        }
        var created = provisioning.createClaim(
                Requests.requiredText(body, "name"),
                Requests.requiredText(body, "template"),
                claimKind,
                claimKind == Claim.Kind.CERTIFICATE ? Requests.csr(body) : null,
                Requests.optionalInt(body, "maxUses"),
                expiresIn == null ? null : Duration.ofSeconds(expiresIn));
        Map<String, Object> view = Views.claim(created.claim());
        if (created.token() != null) {
            view.put("token", created.token());
        }
        if (created.certificate() != null) {
            view.put("certificate", Views.issued(created.certificate()));
        }
        ctx.status(201).json(view);
    }

    private void provision(Context ctx) {
        X509Certificate[] chain = clientCertificate(ctx);
        String token = ctx.header("X-Warden-Enrollment-Token");
        ProvisioningService.Credential credential;
        if (chain != null) {
            AuditedRoutes.principal(ctx, certificatePrincipal("claim", chain[0]));
            credential = new ProvisioningService.Credential.ClaimCertificate(chain[0]);
        } else if (token != null) {
            AuditedRoutes.principal(ctx, new AuditPrincipal("claim-token", "-", tokenId(token.trim())));
            credential = new ProvisioningService.Credential.EnrollmentToken(token.trim());
        } else {
            throw ApiException.unauthorized("provisioning needs a claim certificate (mTLS) or X-Warden-Enrollment-Token");
        }
        JsonNode body = Requests.body(ctx);
        var issued = provisioning.provision(credential, ctx.pathParam("name"), Requests.csr(body),
                Requests.stringMap(body, "parameters"));
        AuditedRoutes.resource(ctx, iot("thing/" + issued.record().thingName()));
        ctx.status(201).json(Views.issued(issued));
    }

    private static X509Certificate[] clientCertificate(Context ctx) {
        Object attribute = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return attribute instanceof X509Certificate[] chain && chain.length > 0 ? chain : null;
    }

    private static X509Certificate[] requireClientCertificate(Context ctx) {
        X509Certificate[] chain = clientCertificate(ctx);
        if (chain == null) {
            throw ApiException.unauthorized("this endpoint needs a client certificate (mTLS)");
        }
        return chain;
    }
}
