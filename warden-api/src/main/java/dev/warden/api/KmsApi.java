package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.kms.EncryptionContext;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KeyMetadata;
import dev.warden.kms.KeyOrigin;
import dev.warden.kms.KeySpec;
import dev.warden.kms.node.DefaultKey;
import dev.warden.kms.node.KmsArns;
import dev.warden.kms.node.KmsMaintenance;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The {@code /kms} routes of the admin API, each one an IAM action on {@code arn:warden:kms:<region>:<account>:key/<name>}.
 * Binary values travel as base64. Plaintexts are never logged or audited; refusals carry the {@code KmsReason} as code.
 *
 * <p>{@code kms:Decrypt} and the source side of {@code kms:ReEncrypt} are authorized on {@code key/*}: the key of a
 * ciphertext is only known inside the KMS, which reports it to the audit trail.
 */
public final class KmsApi {
    /** Owners the secrets manager uses for its own data keys; not reachable through the generic KMS routes. */
    static final String RESERVED_OWNER_PREFIX = "secret:";

    private final ApiSettings config;
    private final KeyManagementService kms;
    private final KmsMaintenance maintenance;

    public KmsApi(ApiSettings config, KeyManagementService kms, KmsMaintenance maintenance) {
        this.config = config;
        this.kms = kms;
        this.maintenance = maintenance;
    }

    /** Registers the routes; {@code admin} wraps each handler with authentication and authorization. */
    void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> key = ctx -> KmsArns.key(config.region(), config.account(), ctx.pathParam("name"));
        Function<Context, String> anyKey = ctx -> KmsArns.key(config.region(), config.account(), "*");

        routes.add(POST, "/kms/keys", "kms:CreateKey", anyKey, admin.apply(this::createKey));
        routes.add(
                GET,
                "/kms/keys",
                "kms:ListKeys",
                anyKey,
                admin.apply(ctx -> ctx.json(Map.of(
                        "keys", kms.listKeys().stream().map(KmsViews::key).toList()))));
        routes.add(
                GET,
                "/kms/keys/{name}",
                "kms:DescribeKey",
                key,
                admin.apply(ctx -> ctx.json(KmsViews.key(kms.describeKey(keyName(ctx))))));
        routes.add(POST, "/kms/keys/{name}/encrypt", "kms:Encrypt", key, admin.apply(this::encrypt));
        routes.add(POST, "/kms/decrypt", "kms:Decrypt", anyKey, admin.apply(this::decrypt));
        routes.add(
                POST,
                "/kms/keys/{name}/generate-data-key",
                "kms:GenerateDataKey",
                key,
                admin.apply(this::generateDataKey));
        routes.add(POST, "/kms/re-encrypt", "kms:ReEncrypt", this::destinationKey, admin.apply(this::reEncrypt));
        routes.add(POST, "/kms/keys/{name}/rotate", "kms:RotateKey", key, admin.apply(ctx -> {
            KeyMetadata rotated = kms.rotateKey(keyName(ctx));
            maintenance.afterRotation(rotated.arn());
            ctx.json(KmsViews.key(rotated));
        }));
        routes.add(POST, "/kms/keys/{name}/schedule-deletion", "kms:ScheduleKeyDeletion", key, admin.apply(ctx -> {
            String name = keyName(ctx);
            if (DefaultKey.NAME.equals(name)) {
                throw ApiException.conflict(
                        "BUILT_IN_KEY",
                        "the built-in key '" + DefaultKey.NAME
                                + "' protects the secrets and device data of this node and cannot be deleted");
            }
            Integer days = Requests.optionalInt(Requests.body(ctx), "days");
            if (days == null) {
                throw ApiException.badRequest(
                        "MISSING_FIELD",
                        "field 'days' is required (" + KeyManagementService.MIN_DELETION_DAYS + " to "
                                + KeyManagementService.MAX_DELETION_DAYS + ")");
            }
            ctx.json(KmsViews.key(kms.scheduleKeyDeletion(name, days)));
        }));
        routes.add(
                POST,
                "/kms/keys/{name}/cancel-deletion",
                "kms:CancelKeyDeletion",
                key,
                admin.apply(ctx -> ctx.json(KmsViews.key(kms.cancelKeyDeletion(keyName(ctx))))));
        new KmsSigningRoutes(config, kms).register(routes, admin, key);
    }

    private void createKey(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String name = Requests.requiredText(body, "name");
        AuditedRoutes.resource(ctx, KmsArns.key(config.region(), config.account(), name));
        KeySpec keySpec = KeySpec.parse(Requests.optionalText(body, "keySpec"));
        KeyOrigin origin = KeyOrigin.parse(Requests.optionalText(body, "origin"));
        ctx.status(201)
                .json(KmsViews.key(kms.createKey(
                        config.account(), name, Requests.optionalText(body, "description"), keySpec, origin)));
    }

    private void encrypt(Context ctx) {
        JsonNode body = Requests.body(ctx);
        byte[] plaintext = base64(body, "plaintext");
        try {
            byte[] ciphertext = kms.encrypt(keyName(ctx), context(body, "owner", "recordId"), plaintext);
            ctx.json(ciphertext(KmsArns.key(config.region(), config.account(), keyName(ctx)), ciphertext));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private void decrypt(Context ctx) {
        JsonNode body = Requests.body(ctx);
        byte[] plaintext = kms.decrypt(context(body, "owner", "recordId"), base64(body, "ciphertext"));
        try {
            ctx.json(Map.of("plaintext", Base64.getEncoder().encodeToString(plaintext)));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Only the wrapped key is returned: the KMS hands out data keys as usable primitives, never as raw bytes. */
    private void generateDataKey(Context ctx) {
        JsonNode body = Requests.body(ctx);
        var generated = kms.generateDataKey(keyName(ctx), context(body, "owner", "recordId"));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("keyArn", KmsArns.key(config.region(), config.account(), keyName(ctx)));
        view.put("wrappedKey", Base64.getEncoder().encodeToString(generated.wrapped()));
        ctx.json(view);
    }

    private void reEncrypt(Context ctx) {
        JsonNode body = Requests.body(ctx);
        EncryptionContext source = context(body, "owner", "recordId");
        String destinationKey = Requests.requiredText(body, "destinationKey");
        EncryptionContext destination = new EncryptionContext(
                orElse(Requests.optionalText(body, "destinationOwner"), source.owner()),
                orElse(Requests.optionalText(body, "destinationRecordId"), source.recordId()));
        requireUnreserved(destination.owner());
        byte[] ciphertext = kms.reEncrypt(source, base64(body, "ciphertext"), requireName(destinationKey), destination);
        ctx.json(ciphertext(KmsArns.key(config.region(), config.account(), destinationKey), ciphertext));
    }

    /** The re-encryption's destination key from the body; {@code key/*} (matched only by broad policies) otherwise. */
    private String destinationKey(Context ctx) {
        try {
            String name = Requests.optionalText(Requests.body(ctx), "destinationKey");
            return KmsArns.key(config.region(), config.account(), name == null || name.isBlank() ? "*" : name);
        } catch (ApiException e) {
            return KmsArns.key(config.region(), config.account(), "*");
        }
    }

    private static Map<String, Object> ciphertext(String keyArn, byte[] ciphertext) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("keyArn", keyArn);
        view.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        return view;
    }

    private static EncryptionContext context(JsonNode body, String ownerField, String recordField) {
        EncryptionContext context = new EncryptionContext(
                Requests.requiredText(body, ownerField), Requests.requiredText(body, recordField));
        requireUnreserved(context.owner());
        return context;
    }

    private static void requireUnreserved(String owner) {
        if (owner.startsWith(RESERVED_OWNER_PREFIX)) {
            throw ApiException.badRequest(
                    "INVALID_ARGUMENT",
                    "owners starting with '" + RESERVED_OWNER_PREFIX + "' are reserved for the secrets manager");
        }
    }

    /** Keys are addressed by name in paths; an ARN there would escape the ARN the route was authorized for. */
    static String keyName(Context ctx) {
        return requireName(ctx.pathParam("name"));
    }

    private static String requireName(String name) {
        if (name.indexOf(':') >= 0 || name.indexOf('/') >= 0 || name.indexOf('*') >= 0) {
            throw ApiException.badRequest("INVALID_ARGUMENT", "give a key name, not an ARN or pattern");
        }
        return name;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static byte[] base64(JsonNode body, String field) {
        String text = Requests.requiredText(body, field);
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be base64");
        }
    }
}
