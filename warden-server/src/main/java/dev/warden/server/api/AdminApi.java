package dev.warden.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.pki.Pem;
import dev.warden.pki.RevocationReason;
import dev.warden.server.config.WardenConfig;
import dev.warden.server.node.AdminCredentials;
import dev.warden.server.pki.CertificateService;
import dev.warden.server.provisioning.JitpService;
import dev.warden.server.provisioning.ProvisioningService;
import dev.warden.storage.Database;
import dev.warden.storage.registry.CertificateDao;
import dev.warden.storage.registry.CertificateRecord;
import dev.warden.storage.registry.CertificateStatus;
import dev.warden.storage.registry.Claim;
import dev.warden.storage.registry.PolicyDao;
import dev.warden.storage.registry.ProvisioningTemplate;
import dev.warden.storage.registry.ThingDao;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API (HTTPS only). Every admin route needs a bearer credential; the provisioning routes instead need a
 * claim (certificate over mTLS, or enrollment token) or, for rotation, the device's own certificate.
 */
public final class AdminApi {
    private final WardenConfig config;
    private final Database database;
    private final AdminCredentials credentials;
    private final CertificateService certificates;
    private final ProvisioningService provisioning;
    private final JitpService jitp;
    private final Clock clock;

    public AdminApi(WardenConfig config, Database database, AdminCredentials credentials, CertificateService certificates,
                    ProvisioningService provisioning, JitpService jitp, Clock clock) {
        this.config = config;
        this.database = database;
        this.credentials = credentials;
        this.certificates = certificates;
        this.provisioning = provisioning;
        this.jitp = jitp;
        this.clock = clock;
    }

    public void register(Javalin app, ReadinessProbe readiness) {
        app.get("/health", ErrorResponses.guarded(readiness::handle));
        app.get("/openapi.json", ErrorResponses.guarded(ctx -> ctx.contentType("application/json").result(OpenApiDocument.json())));

        app.get("/ca", ErrorResponses.guarded(admin(ctx -> ctx.json(caInfo()))));

        app.post("/things", ErrorResponses.guarded(admin(this::enroll)));
        app.get("/things", ErrorResponses.guarded(admin(ctx -> ctx.json(Views.list("things",
                database.read(h -> new ThingDao(h).list(Requests.limit(ctx), ctx.queryParam("after"))), Views::thing)))));
        app.get("/things/{name}", ErrorResponses.guarded(admin(this::showThing)));
        app.delete("/things/{name}", ErrorResponses.guarded(admin(ctx -> {
            certificates.deleteThing(ctx.pathParam("name"));
            ctx.status(204);
        })));
        app.post("/things/{name}/revoke", ErrorResponses.guarded(admin(ctx -> {
            RevocationReason reason = reason(Requests.body(ctx));
            List<CertificateRecord> revoked = certificates.revokeThing(ctx.pathParam("name"), reason);
            ctx.json(Views.list("revoked", revoked, Views::certificate));
        })));

        app.get("/certificates", ErrorResponses.guarded(admin(ctx -> ctx.json(Views.list("certificates",
                certificates.list(Requests.limit(ctx), ctx.queryParam("after")), Views::certificate)))));
        app.get("/certificates/{serial}", ErrorResponses.guarded(admin(ctx -> ctx.json(Views.certificate(certificates.find(ctx.pathParam("serial"))
                .orElseThrow(() -> ApiException.notFound("UNKNOWN_CERTIFICATE", "no certificate with that serial")))))));
        app.post("/certificates/{serial}/revoke", ErrorResponses.guarded(admin(ctx ->
                ctx.json(Views.certificate(certificates.revoke(ctx.pathParam("serial"), reason(Requests.body(ctx))))))));
        app.post("/certificates/{serial}/status", ErrorResponses.guarded(admin(ctx -> {
            String status = Requests.requiredText(Requests.body(ctx), "status");
            CertificateStatus target = switch (status.toUpperCase(java.util.Locale.ROOT)) {
                case "ACTIVE" -> CertificateStatus.ACTIVE;
                case "INACTIVE" -> CertificateStatus.INACTIVE;
                default -> throw ApiException.badRequest("INVALID_STATUS", "status must be ACTIVE or INACTIVE");
            };
            ctx.json(Views.certificate(certificates.setStatus(ctx.pathParam("serial"), target)));
        })));

        app.post("/provisioning-templates", ErrorResponses.guarded(admin(this::createTemplate)));
        app.get("/provisioning-templates", ErrorResponses.guarded(admin(ctx -> ctx.json(Views.list("templates", provisioning.templates(), Views::template)))));
        app.get("/provisioning-templates/{name}", ErrorResponses.guarded(admin(ctx -> ctx.json(Views.template(provisioning.template(ctx.pathParam("name")))))));
        app.delete("/provisioning-templates/{name}", ErrorResponses.guarded(admin(ctx -> {
            provisioning.deleteTemplate(ctx.pathParam("name"));
            ctx.status(204);
        })));

        app.post("/claims", ErrorResponses.guarded(admin(this::createClaim)));
        app.get("/claims", ErrorResponses.guarded(admin(ctx -> ctx.json(Views.list("claims", provisioning.claims(), Views::claim)))));
        app.post("/claims/{name}/deactivate", ErrorResponses.guarded(admin(ctx -> {
            provisioning.deactivateClaim(ctx.pathParam("name"));
            ctx.json(Map.of("name", ctx.pathParam("name"), "status", "INACTIVE"));
        })));

        app.post("/manufacturer-cas", ErrorResponses.guarded(admin(ctx -> {
            JsonNode body = Requests.body(ctx);
            ctx.status(201).json(Views.manufacturerCa(jitp.register(Requests.requiredText(body, "certificatePem"),
                    Requests.requiredText(body, "template"))));
        })));
        app.get("/manufacturer-cas", ErrorResponses.guarded(admin(ctx -> ctx.json(Views.list("manufacturerCas", jitp.list(), Views::manufacturerCa)))));

        app.get("/policies", ErrorResponses.guarded(admin(ctx -> ctx.json(Map.of("policies", database.read(h -> new PolicyDao(h).list()).stream()
                .map(p -> Map.of("name", p.name(), "builtIn", p.builtIn(), "document", p.document())).toList())))));

        app.post("/provisioning/templates/{name}/provision", ErrorResponses.guarded(this::provision));
        app.post("/provisioning/rotate", ErrorResponses.guarded(ctx -> ctx.status(201).json(Views.issued(
                provisioning.rotate(requireClientCertificate(ctx)[0], Requests.csr(Requests.body(ctx)))))));
        app.post("/provisioning/jitp", ErrorResponses.guarded(ctx -> ctx.json(Views.certificate(jitp.registerOnFirstUse(requireClientCertificate(ctx))))));
    }

    /** Wraps a handler so that it runs only for a valid admin bearer credential. */
    private Handler admin(Handler handler) {
        return ctx -> {
            String header = ctx.header("Authorization");
            if (header == null || !header.startsWith("Bearer ")) {
                throw ApiException.unauthorized("an admin credential is required (Authorization: Bearer ...)");
            }
            if (credentials.authenticate(header.substring("Bearer ".length()).trim()).isEmpty()) {
                throw ApiException.unauthorized("the admin credential is not valid");
            }
            handler.handle(ctx);
        };
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

    private static RevocationReason reason(JsonNode body) {
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
            credential = new ProvisioningService.Credential.ClaimCertificate(chain[0]);
        } else if (token != null) {
            credential = new ProvisioningService.Credential.EnrollmentToken(token.trim());
        } else {
            throw ApiException.unauthorized("provisioning needs a claim certificate (mTLS) or X-Warden-Enrollment-Token");
        }
        JsonNode body = Requests.body(ctx);
        var issued = provisioning.provision(credential, ctx.pathParam("name"), Requests.csr(body),
                Requests.stringMap(body, "parameters"));
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
