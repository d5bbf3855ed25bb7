/**
 * Implementations of the core's {@link dev.warden.kms.SecretRotator}: a random password, an HMAC keyset, and a
 * PostgreSQL role's password ({@link dev.warden.kms.rotation.PostgresRolePasswordRotator}, which connects to the
 * database server and runs {@code ALTER ROLE}).
 *
 * <p>Trust boundary: rotators act on the outside world (a database role, a consumer of a key) with secret values the
 * {@link dev.warden.kms.SecretsManager} hands them; they never see the KMS's keys, and the secrets manager's
 * create/set/test/finish protocol, not the rotator, decides which version becomes current.
 */
package dev.warden.kms.rotation;
