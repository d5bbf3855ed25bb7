package dev.warden.server.kms;

import dev.warden.policy.Arn;
import dev.warden.server.config.WardenConfig;

/**
 * Resource ARNs of keys and secrets as the admin API authorizes them. Secrets use the service prefix
 * {@code secrets} (the policy language's known service; {@code secretsmanager} is not one), so policies name them
 * {@code arn:warden:secrets:<region>:<account>:secret/<name>} and allow actions {@code secrets:*}.
 */
public final class KmsArns {
    public static final String SECRETS_SERVICE = AuditedKmsEvents.SECRETS_SERVICE;

    private KmsArns() {}

    /** {@code arn:warden:kms:<region>:<account>:key/<name>}; {@code *} for every key. */
    public static String key(WardenConfig config, String name) {
        return Arn.of("kms", config.region(), config.account(), "key/" + name).toString();
    }

    /** {@code arn:warden:secrets:<region>:<account>:secret/<name>}; {@code *} for every secret. */
    public static String secret(WardenConfig config, String name) {
        return Arn.of(SECRETS_SERVICE, config.region(), config.account(), "secret/" + name).toString();
    }
}
