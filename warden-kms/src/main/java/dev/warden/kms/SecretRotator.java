package dev.warden.kms;

/**
 * Rotates a secret in the system that uses it, in the four steps of AWS Secrets Manager. The
 * {@link SecretsManager} stores the candidate as PENDING after {@link #createSecret}, and promotes it to CURRENT
 * only after {@link #setSecret}, {@link #testSecret} and {@link #finishSecret} all succeeded. If one of them fails it
 * calls {@code setSecret(pending, current)} to put the target back, keeps the PENDING version, and a later rotation
 * resumes with it; so CURRENT always holds a value that worked.
 *
 * <p>Implementations must be idempotent per step (a resumed rotation repeats them) and must not put secret values
 * into exception messages or logs.
 */
public interface SecretRotator {
    /** Step 1: a new candidate value, typically random. Nothing external changes yet. */
    SecretValue createSecret(SecretValue current);

    /** Step 2: make the target accept {@code next} in place of {@code previous} (e.g. {@code ALTER ROLE}). */
    default void setSecret(SecretValue previous, SecretValue next) {}

    /** Step 3: prove that {@code pending} works against the target; throw if it does not. */
    default void testSecret(SecretValue pending) {}

    /** Step 4: last step before {@code pending} is promoted to CURRENT; throwing here rolls the rotation back. */
    default void finishSecret(SecretValue current, SecretValue pending) {}
}
