package dev.warden.kms;

import dev.warden.policy.Arn;

/**
 * The one spelling of a secret's ARN, {@code arn:warden:secrets:<region>:<account>:secret/<name>}, under the service
 * prefix the policy language knows ({@code secrets}), so that the ARN a secret is minted with, the ARN the admin API
 * authorizes and the ARN the audit trail records are the same string.
 *
 * <p>Secrets created before this spelling were stored as {@code arn:warden:secretsmanager:<region>:<account>:secret:
 * <name>}; {@link #readable} turns such a stored ARN into the current spelling when a row is read, so old rows need
 * no migration and nothing outside the store ever sees the old form.
 */
public final class SecretArns {
    /** The service prefix of secrets' actions ({@code secrets:GetSecretValue}) and ARNs. */
    public static final String SERVICE = "secrets";

    private static final String LEGACY_PREFIX = "arn:" + Arn.WARDEN_PARTITION + ":secretsmanager:";

    private SecretArns() {}

    /** {@code arn:warden:secrets:<region>:<account>:secret/<name>}; {@code *} for every secret. */
    public static String of(String region, String account, String name) {
        return Arn.of(SERVICE, region, account, "secret/" + name).toString();
    }

    /** A stored ARN in the current spelling: a legacy {@code secretsmanager} ARN is rewritten, anything else kept. */
    public static String readable(String stored) {
        if (stored == null || !stored.startsWith(LEGACY_PREFIX)) {
            return stored;
        }
        String[] parts = stored.substring(LEGACY_PREFIX.length()).split(":", 4);
        if (parts.length != 4 || !parts[2].equals("secret")) {
            return stored;
        }
        return of(parts[0], parts[1], parts[3]);
    }
}
