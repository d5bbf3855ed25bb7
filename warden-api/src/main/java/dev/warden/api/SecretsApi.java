package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.kms.SecretLabel;
import dev.warden.kms.SecretRotator;
import dev.warden.kms.SecretValue;
import dev.warden.kms.SecretsManager;
import dev.warden.kms.node.KmsArns;
import dev.warden.kms.rotation.HmacKeyRotator;
import dev.warden.kms.rotation.RandomPasswordRotator;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The {@code /secrets} routes, IAM actions {@code secrets:*} on {@code arn:warden:secrets:<region>:<account>:secret/<name>}.
 * Only {@code GET /secrets/{name}} returns a value, and every such read is audited; listings carry metadata only.
 * Secret names may contain {@code /} (e.g. {@code db/orders/password}), so the name parameter spans path segments.
 */
public final class SecretsApi {
    /** The rotators an admin can choose by name; rotators with a target system need configuration of their own. */
    private static final Map<String, Supplier<SecretRotator>> ROTATORS = Map.of(
            "random-password", RandomPasswordRotator::new,
            "hmac-key", HmacKeyRotator::new);

    private final ApiSettings config;
    private final SecretsManager secrets;

    public SecretsApi(ApiSettings config, SecretsManager secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    /** Registers the routes; {@code admin} wraps each handler with authentication and authorization. */
    void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> secret =
                ctx -> KmsArns.secret(config.region(), config.account(), ctx.pathParam("name"));
        routes.add(PUT, "/secrets/<name>", "secrets:PutSecretValue", secret, admin.apply(this::put));
        routes.add(
                GET,
                "/secrets/<name>",
                "secrets:GetSecretValue",
                secret,
                admin.apply(
                        ctx -> ctx.json(KmsViews.secretValue(config, secrets.get(ctx.pathParam("name"), label(ctx))))));
        routes.add(
                GET,
                "/secrets",
                "secrets:ListSecrets",
                ctx -> KmsArns.secret(config.region(), config.account(), "*"),
                admin.apply(ctx -> ctx.json(Map.of(
                        "secrets",
                        secrets.list().stream()
                                .map(s -> KmsViews.secret(config, s))
                                .toList()))));
        routes.add(POST, "/secrets/<name>/rotate", "secrets:RotateSecret", secret, admin.apply(ctx -> {
            String versionId = secrets.rotate(ctx.pathParam("name"), rotator(Requests.body(ctx)));
            ctx.json(KmsViews.secretVersion(config, ctx.pathParam("name"), versionId));
        }));
        routes.add(DELETE, "/secrets/<name>", "secrets:DeleteSecret", secret, admin.apply(ctx -> {
            secrets.delete(ctx.pathParam("name"));
            ctx.status(204);
        }));
    }

    /** Body {@code {"value": TEXT}} or {@code {"valueBase64": BYTES}}, optional {@code description}. */
    private void put(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String text = Requests.optionalText(body, "value");
        boolean binary = body.hasNonNull("valueBase64");
        if ((text != null) == binary) {
            throw ApiException.badRequest("INVALID_FIELD", "give exactly one of 'value' or 'valueBase64'");
        }
        SecretValue value;
        if (binary) {
            byte[] bytes = KmsApi.base64(body, "valueBase64");
            value = SecretValue.ofBytes(bytes);
            Arrays.fill(bytes, (byte) 0);
        } else {
            value = SecretValue.of(text);
        }
        String name = ctx.pathParam("name");
        String versionId = secrets.put(name, value, Requests.optionalText(body, "description"));
        ctx.json(KmsViews.secretVersion(config, name, versionId));
    }

    private static SecretLabel label(Context ctx) {
        String raw = ctx.queryParam("label");
        if (raw == null || raw.isBlank()) {
            return SecretLabel.CURRENT;
        }
        try {
            return SecretLabel.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_ARGUMENT", "label must be CURRENT, PREVIOUS or PENDING");
        }
    }

    private static SecretRotator rotator(JsonNode body) {
        String name = Requests.optionalText(body, "rotator");
        var rotator = ROTATORS.get(name == null ? "random-password" : name);
        if (rotator == null) {
            throw ApiException.badRequest(
                    "INVALID_ARGUMENT", "rotator must be one of " + new java.util.TreeSet<>(ROTATORS.keySet()));
        }
        return rotator.get();
    }
}
