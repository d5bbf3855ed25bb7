package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.iam.store.PolicyDao;
import dev.warden.pki.Pem;
import dev.warden.pki.RevocationReason;
import dev.warden.registry.CertificateService;
import dev.warden.registry.PolicyService;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The admin routes of the CA, things and their certificates: {@code /ca}, {@code /things}, {@code /certificates}. */
final class ThingRoutes {
    private final ApiSettings config;
    private final Database database;
    private final CertificateService certificates;
    private final PolicyService policies;
    private final TelemetryApi telemetryApi;
    private final java.util.function.Consumer<String> thingDeleted;
    private final ApiArns arns;

    ThingRoutes(
            ApiSettings config,
            Database database,
            CertificateService certificates,
            PolicyService policies,
            TelemetryApi telemetryApi,
            java.util.function.Consumer<String> thingDeleted,
            ApiArns arns) {
        this.config = config;
        this.database = database;
        this.certificates = certificates;
        this.policies = policies;
        this.telemetryApi = telemetryApi;
        this.thingDeleted = thingDeleted;
        this.arns = arns;
    }

    /** Registers the routes; {@code admin} wraps each handler with authentication and authorization. */
    void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        registerThings(routes, admin);
        registerCertificates(routes, admin);
    }

    /** The CA's description and things: enrol, list, describe, delete, revoke all of a thing's certificates. */
    private void registerThings(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> thing = ctx -> arns.iot("thing/" + ctx.pathParam("name"));
        routes.add(
                GET,
                "/ca",
                "warden:DescribeCa",
                ctx -> arns.of("warden", "ca/" + config.region()),
                admin.apply(ctx -> ctx.json(caInfo())));

        routes.add(POST, "/things", "warden:CreateThing", ctx -> arns.iot("thing/*"), admin.apply(this::enroll));
        routes.add(
                GET,
                "/things",
                "warden:ListThings",
                ctx -> arns.iot("thing/*"),
                admin.apply(ctx -> ctx.json(Views.list(
                        "things",
                        database.read(h -> new ThingDao(h).list(Requests.limit(ctx), ctx.queryParam("after"))),
                        Views::thing))));
        routes.add(GET, "/things/{name}", "warden:DescribeThing", thing, admin.apply(this::showThing));
        routes.add(DELETE, "/things/{name}", "warden:DeleteThing", thing, admin.apply(ctx -> {
            certificates.deleteThing(ctx.pathParam("name"));
            policies.forgetThing(ctx.pathParam("name"));
            telemetryApi.onThingDeleted(ctx.pathParam("name"));
            thingDeleted.accept(ctx.pathParam("name"));
            ctx.status(204);
        }));
        routes.add(POST, "/things/{name}/revoke", "warden:RevokeThingCertificates", thing, admin.apply(ctx -> {
            RevocationReason reason = Requests.revocationReason(Requests.body(ctx));
            List<CertificateRecord> revoked = certificates.revokeThing(ctx.pathParam("name"), reason);
            ctx.json(Views.list("revoked", revoked, Views::certificate));
        }));
    }

    /** Certificates one by one: list, describe, revoke, activate or deactivate. */
    private void registerCertificates(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> cert = ctx -> arns.iot("cert/" + ctx.pathParam("serial"));
        routes.add(
                GET,
                "/certificates",
                "warden:ListCertificates",
                ctx -> arns.iot("cert/*"),
                admin.apply(ctx -> ctx.json(Views.list(
                        "certificates",
                        certificates.list(Requests.limit(ctx), ctx.queryParam("after")),
                        Views::certificate))));
        routes.add(
                GET,
                "/certificates/{serial}",
                "warden:DescribeCertificate",
                cert,
                admin.apply(ctx -> ctx.json(Views.certificate(certificates
                        .find(ctx.pathParam("serial"))
                        .orElseThrow(() ->
                                ApiException.notFound("UNKNOWN_CERTIFICATE", "no certificate with that serial"))))));
        routes.add(
                POST,
                "/certificates/{serial}/revoke",
                "warden:RevokeCertificate",
                cert,
                admin.apply(ctx -> ctx.json(Views.certificate(
                        certificates.revoke(ctx.pathParam("serial"), Requests.revocationReason(Requests.body(ctx)))))));
        routes.add(POST, "/certificates/{serial}/status", "warden:UpdateCertificateStatus", cert, admin.apply(ctx -> {
            String status = Requests.requiredText(Requests.body(ctx), "status");
            CertificateStatus target = switch (status.toUpperCase(java.util.Locale.ROOT)) {
                case "ACTIVE" -> CertificateStatus.ACTIVE;
                case "INACTIVE" -> CertificateStatus.INACTIVE;
                default -> throw ApiException.badRequest("INVALID_STATUS", "status must be ACTIVE or INACTIVE");
            };
            ctx.json(Views.certificate(certificates.setStatus(ctx.pathParam("serial"), target)));
        }));
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
        AuditedRoutes.resource(ctx, arns.iot("thing/" + name));
        var issued = certificates.enroll(
                name,
                Requests.csr(body),
                Requests.optionalText(body, "thingType"),
                Requests.stringMap(body, "attributes"),
                Requests.optionalText(body, "policy"));
        ctx.status(201).json(Views.issued(issued));
    }

    private void showThing(Context ctx) {
        String name = ctx.pathParam("name");
        Map<String, Object> view = database.read(h -> {
            var thing = new ThingDao(h)
                    .find(name)
                    .orElseThrow(() -> ApiException.notFound("UNKNOWN_THING", "no thing named '" + name + "'"));
            Map<String, Object> m = Views.thing(thing);
            m.put("policies", new PolicyDao(h).policiesOfThing(name));
            m.put(
                    "certificates",
                    new CertificateDao(h)
                            .forThing(name).stream().map(Views::certificate).toList());
            return m;
        });
        ctx.json(view);
    }
}
