/**
 * Identity and access for people and applications: the bootstrap admin credential, users (Argon2id passwords, TOTP
 * MFA, lockout, short-lived ES256 access tokens, revocable refresh tokens), groups and assumable roles, service
 * accounts with expiring API keys, policy generation from the audit trail, and {@link dev.warden.iam.AdminAuthorizer},
 * which decides every admin API call with the policy engine.
 *
 * <p>A capability: it knows nothing of HTTP (the admin API calls it; it never imports {@code warden-api},
 * {@code warden-node} or {@code warden-cli}) and depends only on the cores (policy, storage, kms, audit, pki). It fails
 * closed: a principal with no policies, or a stored policy that no longer parses, is denied. Only hashes of
 * credentials, API keys and recovery codes are stored, the TOTP seed only as KMS ciphertext bound to its user, and no
 * message ever holds a secret. Every refusal is an {@link dev.warden.iam.IamException} with an
 * {@link dev.warden.iam.IamReason}; which HTTP status a reason becomes is decided in {@code warden-api} alone.
 */
package dev.warden.iam;
