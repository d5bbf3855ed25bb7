package dev.warden.api;

import dev.warden.pki.OcspResponder;
import dev.warden.pki.OcspResult;
import dev.warden.pki.Pem;
import dev.warden.registry.CertificateService;
import dev.warden.registry.CrlPublisher;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Base64;

/**
 * The plain-HTTP endpoint: only what must be public (CRL, OCSP, CA certificates, health). CRLs and OCSP responses are
 * signed, so they need no TLS; serving them over plain HTTP avoids the loop of checking revocation of the TLS server.
 */
public final class PublicApi {
    private static final int MAX_OCSP_REQUEST = 16 * 1024;

    private final ApiSettings config;
    private final CertificateService certificates;
    private final CrlPublisher crl;
    private final OcspResponder ocsp;
    private final java.util.function.Supplier<dev.warden.audit.AuditKeys> auditKeys;

    public PublicApi(ApiSettings config, CertificateService certificates, CrlPublisher crl, OcspResponder ocsp) {
        this(config, certificates, crl, ocsp, null);
    }

    /** @param auditKeys the region's published audit-signing keys ({@code GET /audit/keys}), or {@code null} */
    public PublicApi(
            ApiSettings config,
            CertificateService certificates,
            CrlPublisher crl,
            OcspResponder ocsp,
            java.util.function.Supplier<dev.warden.audit.AuditKeys> auditKeys) {
        this.config = config;
        this.certificates = certificates;
        this.crl = crl;
        this.ocsp = ocsp;
        this.auditKeys = auditKeys;
    }

    public void register(Javalin app, ReadinessProbe readiness) {
        app.get("/health", ErrorResponses.guarded(readiness::handle));
        app.get("/crl/{file}", ErrorResponses.guarded(ctx -> {
            requireRegionFile(ctx.pathParam("file"), ".crl");
            ctx.contentType("application/pkix-crl").result(crl.current());
        }));
        app.post("/ocsp/{region}", ErrorResponses.guarded(ctx -> {
            requireRegion(ctx.pathParam("region"));
            byte[] body = ctx.bodyAsBytes();
            if (body.length > MAX_OCSP_REQUEST) {
                throw new ApiException(413, "REQUEST_TOO_LARGE", "OCSP request too large");
            }
            answer(ctx, ocsp.respond(body));
        }));
        app.get("/ocsp/{region}/<request>", ErrorResponses.guarded(ctx -> {
            requireRegion(ctx.pathParam("region"));
            String encoded =
                    java.net.URLDecoder.decode(ctx.pathParam("request"), java.nio.charset.StandardCharsets.US_ASCII);
            byte[] der;
            try {
                der = Base64.getDecoder().decode(encoded.replace('-', '+').replace('_', '/'));
            } catch (IllegalArgumentException e) {
                der = new byte[0];
            }
            answer(ctx, ocsp.respond(der));
        }));
        if (auditKeys != null) {
            // Public material only: what an auditor needs to verify the trail and its proofs, with each key's range.
            app.get(
                    "/audit/keys",
                    ErrorResponses.guarded(ctx -> ctx.contentType("application/json")
                            .result(auditKeys.get().toJson().toString())));
        }
        app.get(
                "/ca/root.pem",
                ErrorResponses.guarded(ctx -> ctx.contentType("application/x-pem-file")
                        .result(Pem.encode(certificates.hierarchy().root().certificate()))));
        app.get("/ca/{region}/chain.pem", ErrorResponses.guarded(ctx -> {
            requireRegion(ctx.pathParam("region"));
            ctx.contentType("application/x-pem-file").result(certificates.chainPem());
        }));
        app.get("/ca/{region}/issuing.pem", ErrorResponses.guarded(ctx -> {
            requireRegion(ctx.pathParam("region"));
            ctx.contentType("application/x-pem-file")
                    .result(Pem.encode(certificates.hierarchy().issuing().certificate()));
        }));
    }

    private static void answer(Context ctx, OcspResult result) {
        if (result.reason() != null) {
            ctx.header("X-Warden-Reason", result.reason().name());
        }
        ctx.status(result.httpStatus()).contentType("application/ocsp-response").result(result.response());
    }

    private void requireRegion(String region) {
        if (!config.region().equals(region)) {
            throw ApiException.notFound("UNKNOWN_REGION", "this node serves region " + config.region());
        }
    }

    private void requireRegionFile(String file, String suffix) {
        if (!file.endsWith(suffix)) {
            throw ApiException.notFound("NOT_FOUND", "no such file");
        }
        requireRegion(file.substring(0, file.length() - suffix.length()));
    }
}
