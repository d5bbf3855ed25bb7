package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.NodeAudit;
import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.AdminCredentials;
import dev.warden.iam.PolicyGenerator;
import dev.warden.iam.RoleService;
import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.TokenService;
import dev.warden.iam.UserService;
import dev.warden.registry.CertificateService;
import dev.warden.registry.PolicyService;
import dev.warden.registry.ServiceAccountCertificates;
import dev.warden.registry.UserCertificates;
import dev.warden.registry.provisioning.JitpService;
import dev.warden.registry.provisioning.ProvisioningService;
import dev.warden.storage.Database;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Map;

/**
 * The admin API (HTTPS only; TLS requests but does not require a client certificate). Every admin route needs a
 * bearer credential or, without an Authorization header, a service account's client certificate; the provisioning
 * routes instead need a claim (certificate over mTLS, or enrollment token) or, for rotation, the device's own
 * certificate.
 *
 * <p>Routes are registered by area ({@link ThingRoutes}, {@link ProvisioningRoutes}, {@link PolicyRoutes},
 * {@link IdentityRoutes}, the {@code *Api} classes) in one fixed order; {@link AdminAuthentication} decides who may
 * call them.
 */
public final class AdminApi {
    private final ApiSettings config;
    private final NodeAudit audit;
    private final AuditApi auditApi;
    private final PolicyService policies;
    private final TokenService tokens;
    private final UserService users;
    private final PolicyGenerator policyGenerator;
    private final RoleService roles;
    private final ServiceAccounts services;
    private final ServiceAccountCertificates serviceCertificates;
    private final UserCertificates userCertificates;
    private final KmsApi kmsApi;
    private final SecretsApi secretsApi;
    private final TelemetryApi telemetryApi;
    private final BucketsApi bucketsApi;
    private final WitnessApi witnessApi;
    private final FirewallApi firewallApi;
    private final MonitorApi monitorApi;
    private final ComplianceApi complianceApi;
    private final MetricsApi metricsApi;
    private final ApiArns arns;
    private final AdminAuthentication authentication;
    private final ThingRoutes thingRoutes;
    private final ProvisioningRoutes provisioningRoutes;
    private final PolicyRoutes policyRoutes;
    private final java.util.List<CapabilityRoutes> capabilities = new java.util.ArrayList<>();
    private DiscoveryRoutes discovery;
    private ForwardedRequests forwardedRequests;

    public AdminApi(
            ApiSettings config,
            Database database,
            AdminCredentials credentials,
            CertificateService certificates,
            ProvisioningService provisioning,
            JitpService jitp,
            PolicyService policies,
            AdminAuthorizer authorizer,
            TokenService tokens,
            UserService users,
            NodeAudit audit,
            AuditApi auditApi,
            KmsApi kmsApi,
            SecretsApi secretsApi,
            TelemetryApi telemetryApi,
            BucketsApi bucketsApi,
            WitnessApi witnessApi,
            FirewallApi firewallApi,
            MonitorApi monitorApi,
            ComplianceApi complianceApi,
            MetricsApi metricsApi,
            Clock clock) {
        this.firewallApi = firewallApi;
        this.monitorApi = monitorApi;
        this.complianceApi = complianceApi;
        this.metricsApi = metricsApi;
        this.config = config;
        this.audit = audit;
        this.auditApi = auditApi;
        this.policies = policies;
        this.tokens = tokens;
        this.users = users;
        this.policyGenerator = new PolicyGenerator(auditApi.store(), config.region());
        this.roles = new RoleService(database, tokens, authorizer, config.account(), clock);
        this.services = new ServiceAccounts(database, clock);
        this.serviceCertificates =
                new ServiceAccountCertificates(database, certificates, certificates.statusIndex(), clock);
        this.userCertificates = new UserCertificates(database, certificates, clock);
        this.kmsApi = kmsApi;
        this.secretsApi = secretsApi;
        this.telemetryApi = telemetryApi;
        this.bucketsApi = bucketsApi;
        this.witnessApi = witnessApi;
        this.arns = new ApiArns(config);
        this.authentication = new AdminAuthentication(
                credentials,
                services,
                tokens,
                new dev.warden.iam.PrincipalStatus(database),
                serviceCertificates,
                authorizer,
                audit,
                arns);
        this.thingRoutes = new ThingRoutes(
                config, database, certificates, policies, telemetryApi, monitorApi::onThingDeleted, arns);
        this.provisioningRoutes = new ProvisioningRoutes(provisioning, jitp, clock, arns);
        this.policyRoutes = new PolicyRoutes(policies, arns);
    }

    /** Adds a capability's routes (incidents, ...), registered after the built-in ones. */
    public AdminApi with(CapabilityRoutes routes) {
        capabilities.add(routes);
        return this;
    }

    /** Adds a check before every authorized change (a member region's read-only IAM). */
    public AdminApi guardWrites(WriteGuard guard) {
        authentication.writeGuard(guard);
        return this;
    }

    /**
     * Serves {@code GET /discovery} to devices of this region and of the deployment's other active regions; the
     * listener's TLS trust must then accept the other regions' roots too (see {@link DiscoveryRoutes}).
     */
    public AdminApi discovery(dev.warden.registry.residency.DeviceDiscovery deviceDiscovery) {
        this.discovery = new DiscoveryRoutes(deviceDiscovery, config.account(), arns);
        return this;
    }

    /**
     * Forwards requests for another region's data there over the region link, and accepts requests forwarded here
     * (see {@link ForwardedRequests}); {@code key} is what this node's link handler sends with them.
     */
    public AdminApi forwarding(
            dev.warden.region.forward.ForwardKey key,
            java.util.function.Supplier<java.util.Optional<dev.warden.region.forward.AdminForwarding>> forwarding) {
        this.forwardedRequests = new ForwardedRequests(config.region(), key, forwarding);
        authentication.acceptForwarded(forwardedRequests);
        return this;
    }

    /**
     * For the console: wraps a handler so that it runs only for the caller {@code callerOf} names (null: 401), under
     * the same policy decision, write guard, intent and outcome events as an API call, marked {@code source=console}.
     */
    public java.util.function.UnaryOperator<io.javalin.http.Handler> signedIn(
            java.util.function.Function<io.javalin.http.Context, SignedIn> callerOf) {
        return handler -> authentication.signedIn(callerOf, handler);
    }

    public void register(Javalin app, ReadinessProbe readiness) {
        if (discovery != null) {
            app.before(discovery::guard);
        }
        if (forwardedRequests != null) {
            app.before(ctx -> forwardedRequests.relay(ctx, authentication));
        }
        app.get("/health", ErrorResponses.guarded(readiness::handle));
        AuditedRoutes routes = new AuditedRoutes(app, audit);
        app.get(
                "/openapi.json",
                ErrorResponses.guarded(
                        ctx -> ctx.contentType("application/json").result(OpenApiDocument.json(routes.registered()))));
        thingRoutes.register(routes, authentication::admin);
        provisioningRoutes.registerAdmin(routes, authentication::admin);
        policyRoutes.register(routes, authentication::admin);

        new IdentityRoutes(
                        users,
                        roles,
                        services,
                        serviceCertificates,
                        userCertificates,
                        tokens,
                        authentication::admin,
                        resource -> arns.of("iam", resource))
                .register(app, routes);
        routes.add(
                GET, "/whoami", "sts:GetCallerIdentity", ctx -> arns.of("sts", "caller"), authentication.admin(ctx -> {
                    AuditPrincipal principal = (AuditPrincipal) (Object) ctx.attribute(AuditedRoutes.PRINCIPAL);
                    ctx.json(Map.of(
                            "type", principal.type(), "id", principal.id(), "credential", principal.credential()));
                }));
        registerAudit(routes);
        new PolicyAnalysisApi(
                        policyGenerator,
                        authentication::admin,
                        resource -> arns.of("iam", resource),
                        policies::policiesOf)
                .register(routes);
        kmsApi.register(routes, authentication::admin);
        secretsApi.register(routes, authentication::admin);
        telemetryApi.register(routes, authentication::admin);
        bucketsApi.register(routes, authentication::admin);
        witnessApi.register(routes, authentication::admin);
        firewallApi.register(routes, authentication::admin, arns);
        monitorApi.register(routes, authentication::admin, arns);
        complianceApi.register(routes, authentication::admin);
        metricsApi.register(routes, authentication::admin, arns);
        capabilities.forEach(c -> c.register(routes, authentication::admin));

        provisioningRoutes.registerDevice(routes);
        if (discovery != null) {
            discovery.register(routes);
        }
    }

    /** The audit trail: queried, archived, proved, its signing key rotated. */
    private void registerAudit(AuditedRoutes routes) {
        String trail = arns.of("audit", "trail/" + config.region());
        // Another region's chain (kept here when this is the audit region) is that region's trail.
        routes.add(
                GET,
                "/audit/events",
                "audit:LookupEvents",
                ctx -> arns.of("audit", "trail/" + AuditApi.askedRegion(ctx, config.region())),
                authentication.admin(auditApi::lookup));
        routes.add(
                POST, "/audit/archive", "audit:ArchiveEvents", ctx -> trail, authentication.admin(auditApi::archive));
        routes.add(
                GET,
                "/audit/events/{eventId}/proof",
                "audit:GetEventProof",
                ctx -> trail,
                authentication.admin(auditApi::proof));
        routes.add(
                POST,
                "/audit/signing-key/rotate",
                "audit:RotateSigningKey",
                ctx -> trail,
                authentication.admin(auditApi::rotateKey));
    }
}
