package dev.warden.kms.node;

import dev.warden.kms.SecretArns;
import dev.warden.policy.Arn;

/**
 * Resource ARNs of keys and secrets as the admin API authorizes them. Secrets use the service prefix
 * {@code secrets} (the policy language's known service; {@code secretsmanager} is not one), so policies name them
 * {@code arn:warden:secrets:<region>:<account>:secret/<name>} and allow actions {@code secrets:*}.
 */
public final class KmsArns {
    public static final String SECRETS_SERVICE = SecretArns.SERVICE;

    private KmsArns() {}

    /** {@code arn:warden:kms:<region>:<account>:key/<name>}; {@code *} for every key. */
    public static String key(String region, String account, String name) {
        return Arn.of("kms", region, account, "key/" + name).toString();
    }

    /** {@code arn:warden:secrets:<region>:<account>:secret/<name>}; {@code *} for every secret. */
    public static String secret(String region, String account, String name) {
        return SecretArns.of(region, account, name);
    }
}
