package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditPrincipal;
import dev.warden.registry.provisioning.JitpService;
import dev.warden.registry.provisioning.ProvisioningService;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.Claim;
import dev.warden.registry.store.ProvisioningTemplate;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Fleet provisioning: the admin routes of templates, claims and manufacturer CAs, and the device routes that need a
 * claim (certificate over mTLS, or enrollment token) or, for rotation and JITP, the device's own certificate.
 */
final class ProvisioningRoutes {
    private final ProvisioningService provisioning;
    private final JitpService jitp;
    private final Clock clock;
    private final ApiArns arns;

    ProvisioningRoutes(ProvisioningService provisioning, JitpService jitp, Clock clock, ApiArns arns) {
        this.provisioning = provisioning;
        this.jitp = jitp;
        this.clock = clock;
        this.arns = arns;
    }

    private Function<Context, String> template() {
        return ctx -> arns.iot("provisioningtemplate/" + ctx.pathParam("name"));
    }

    /** Registers the admin routes; {@code admin} wraps each handler with authentication and authorization. */
    void registerAdmin(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> template = template();
        routes.add(
                POST,
                "/provisioning-templates",
                "warden:CreateProvisioningTemplate",
                ctx -> arns.iot("provisioningtemplate/*"),
                admin.apply(this::createTemplate));
        routes.add(
                GET,
                "/provisioning-templates",
                "warden:ListProvisioningTemplates",
                ctx -> arns.iot("provisioningtemplate/*"),
                admin.apply(ctx -> ctx.json(Views.list("templates", provisioning.templates(), Views::template))));
        routes.add(
                GET,
                "/provisioning-templates/{name}",
                "warden:DescribeProvisioningTemplate",
                template,
                admin.apply(ctx -> ctx.json(Views.template(provisioning.template(ctx.pathParam("name"))))));
        routes.add(
                DELETE,
                "/provisioning-templates/{name}",
                "warden:DeleteProvisioningTemplate",
                template,
                admin.apply(ctx -> {
                    provisioning.deleteTemplate(ctx.pathParam("name"));
                    ctx.status(204);
                }));
        registerClaims(routes, admin);
        registerManufacturerCas(routes, admin);
    }

    /** Provisioning claims: shared credentials a factory uses once per device. */
    private void registerClaims(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(POST, "/claims", "warden:CreateClaim", ctx -> arns.iot("claim/*"), admin.apply(this::createClaim));
        routes.add(
                GET,
                "/claims",
                "warden:ListClaims",
                ctx -> arns.iot("claim/*"),
                admin.apply(ctx -> ctx.json(Views.list("claims", provisioning.claims(), Views::claim))));
        routes.add(
                POST,
                "/claims/{name}/deactivate",
                "warden:DeactivateClaim",
                ctx -> arns.iot("claim/" + ctx.pathParam("name")),
                admin.apply(ctx -> {
                    provisioning.deactivateClaim(ctx.pathParam("name"));
                    ctx.json(Map.of("name", ctx.pathParam("name"), "status", "INACTIVE"));
                }));
    }

    /** Device makers' CAs whose devices register themselves on first connect (JITP). */
    private void registerManufacturerCas(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                POST,
                "/manufacturer-cas",
                "warden:RegisterManufacturerCa",
                ctx -> arns.iot("cacert/*"),
                admin.apply(ctx -> {
                    JsonNode body = Requests.body(ctx);
                    ctx.status(201)
                            .json(Views.manufacturerCa(jitp.register(
                                    Requests.requiredText(body, "certificatePem"),
                                    Requests.requiredText(body, "template"))));
                }));
        routes.add(
                GET,
                "/manufacturer-cas",
                "warden:ListManufacturerCas",
                ctx -> arns.iot("cacert/*"),
                admin.apply(ctx -> ctx.json(Views.list("manufacturerCas", jitp.list(), Views::manufacturerCa))));
        // A CA whose key is weak, compromised or about to expire registers no more devices; those it registered keep
        // their certificates (revoking them is a separate decision).
        routes.add(
                POST,
                "/manufacturer-cas/{fingerprint}/deactivate",
                "warden:DeactivateManufacturerCa",
                ctx -> arns.iot("cacert/" + ctx.pathParam("fingerprint")),
                admin.apply(ctx -> {
                    boolean changed = jitp.deactivate(ctx.pathParam("fingerprint"));
                    ctx.json(Map.of(
                            "fingerprint",
                            ctx.pathParam("fingerprint"),
                            "status",
                            JitpService.INACTIVE,
                            "changed",
                            changed));
                }));
    }

    /** Registers the device routes, authenticated by a claim or the device's certificate rather than by admin. */
    void registerDevice(AuditedRoutes routes) {
        Function<Context, String> template = template();
        routes.add(POST, "/provisioning/templates/{name}/provision", "iot:ProvisionByClaim", template, this::provision);
        routes.add(POST, "/provisioning/rotate", "iot:RotateCertificate", ctx -> arns.iot("cert/*"), ctx -> {
            X509Certificate presented = AdminAuthentication.requireClientCertificate(ctx)[0];
            AuditedRoutes.principal(ctx, AdminAuthentication.certificatePrincipal("thing", presented));
            var issued = provisioning.rotate(presented, Requests.csr(Requests.body(ctx)));
            AuditedRoutes.resource(ctx, arns.iot("thing/" + issued.record().thingName()));
            ctx.status(201).json(Views.issued(issued));
        });
        routes.add(POST, "/provisioning/jitp", "iot:RegisterOnFirstUse", ctx -> arns.iot("thing/*"), ctx -> {
            X509Certificate[] chain = AdminAuthentication.requireClientCertificate(ctx);
            AuditedRoutes.principal(ctx, AdminAuthentication.certificatePrincipal("thing", chain[0]));
            ctx.json(Views.certificate(jitp.registerOnFirstUse(chain)));
        });
    }

    private void createTemplate(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String hookType = Requests.optionalText(body, "hook");
        ProvisioningTemplate.HookType hook;
        try {
            hook = hookType == null
                    ? ProvisioningTemplate.HookType.NONE
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
                regions == null
                        ? List.of()
                        : Arrays.stream(regions.split(","))
                                .map(String::trim)
                                .filter(s -> !s.isEmpty())
                                .toList(),
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
        Claim.Kind claimKind = kind == null || kind.equalsIgnoreCase("certificate")
                ? Claim.Kind.CERTIFICATE
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
        X509Certificate[] chain = AdminAuthentication.clientCertificate(ctx);
        String token = ctx.header("X-Warden-Enrollment-Token");
        ProvisioningService.Credential credential;
        if (chain != null) {
            AuditedRoutes.principal(ctx, AdminAuthentication.certificatePrincipal("claim", chain[0]));
            credential = new ProvisioningService.Credential.ClaimCertificate(chain[0]);
        } else if (token != null) {
            AuditedRoutes.principal(
                    ctx, new AuditPrincipal("claim-token", "-", AdminAuthentication.tokenId(token.trim())));
            credential = new ProvisioningService.Credential.EnrollmentToken(token.trim());
        } else {
            throw ApiException.unauthorized(
                    "provisioning needs a claim certificate (mTLS) or X-Warden-Enrollment-Token");
        }
        JsonNode body = Requests.body(ctx);
        var issued = provisioning.provision(
                credential, ctx.pathParam("name"), Requests.csr(body), Requests.stringMap(body, "parameters"));
        AuditedRoutes.resource(ctx, arns.iot("thing/" + issued.record().thingName()));
        ctx.status(201).json(Views.issued(issued));
    }
}
