package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KeySpec;
import dev.warden.kms.KmsPublicKey;
import dev.warden.kms.node.KmsArns;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The routes of signing keys ({@code ECC_NIST_P256}), beside {@link KmsApi}'s and registered by it: {@code kms:Sign},
 * {@code kms:Verify} and {@code kms:GetPublicKey} on the key's ARN. Messages and signatures travel as base64; neither
 * is logged nor audited (the KMS reports the operation with its key only). The private key has no route.
 */
final class KmsSigningRoutes {
    /** AWS's message type for a message the KMS hashes itself; the only one Warden signs (no pre-hashed digests). */
    private static final String RAW = "RAW";

    private final ApiSettings config;
    private final KeyManagementService kms;

    KmsSigningRoutes(ApiSettings config, KeyManagementService kms) {
        this.config = config;
        this.kms = kms;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> admin, Function<Context, String> key) {
        routes.add(POST, "/kms/keys/{name}/sign", "kms:Sign", key, admin.apply(this::sign));
        routes.add(POST, "/kms/keys/{name}/verify", "kms:Verify", key, admin.apply(this::verify));
        routes.add(GET, "/kms/keys/{name}/public-key", "kms:GetPublicKey", key, admin.apply(this::publicKey));
    }

    private void sign(Context ctx) {
        JsonNode body = Requests.body(ctx);
        requireRaw(body);
        byte[] signature = kms.sign(KmsApi.keyName(ctx), KmsApi.base64(body, "message"));
        Map<String, Object> view = signed(ctx);
        view.put("signature", Base64.getEncoder().encodeToString(signature));
        ctx.json(view);
    }

    /** 200 with {@code signatureValid: true}; a signature that does not verify is 400 {@code INVALID_SIGNATURE}. */
    private void verify(Context ctx) {
        JsonNode body = Requests.body(ctx);
        requireRaw(body);
        kms.verify(KmsApi.keyName(ctx), KmsApi.base64(body, "message"), KmsApi.base64(body, "signature"));
        Map<String, Object> view = signed(ctx);
        view.put("signatureValid", true);
        ctx.json(view);
    }

    private void publicKey(Context ctx) {
        KmsPublicKey key = kms.publicKey(KmsApi.keyName(ctx));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("keyArn", key.keyArn());
        view.put("keySpec", key.keySpec().name());
        view.put("keyUsage", key.keyUsage().name());
        view.put("signingAlgorithms", List.of(key.signingAlgorithm()));
        view.put("publicKey", Base64.getEncoder().encodeToString(key.spki()));
        view.put("pem", key.pem());
        ctx.json(view);
    }

    private Map<String, Object> signed(Context ctx) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("keyArn", KmsArns.key(config.region(), config.account(), KmsApi.keyName(ctx)));
        view.put("signingAlgorithm", KeySpec.ECC_NIST_P256.signingAlgorithm());
        return view;
    }

    /** A pre-hashed DIGEST would be hashed again and signed as a message: refused rather than silently misread. */
    private static void requireRaw(JsonNode body) {
        String type = Requests.optionalText(body, "messageType");
        if (type != null && !RAW.equals(type)) {
            throw ApiException.badRequest(
                    "INVALID_ARGUMENT", "messageType must be " + RAW + " (the KMS hashes the message with SHA-256)");
        }
    }
}
