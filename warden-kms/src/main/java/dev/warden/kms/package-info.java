/**
 * Encryption at rest with regional keys, and a secrets manager, built on Google Tink.
 *
 * <h2>Key hierarchy (per region)</h2>
 * <ol>
 *   <li>{@link dev.warden.kms.MasterKey}: never in the database. Default: {@link dev.warden.kms.MasterKeyFile}, a Tink
 *       AES-256-GCM keyset encrypted under an Argon2id-derived wrapping key (file mode 0600). An HSM-backed
 *       implementation plugs in through the same interface.</li>
 *   <li>Key-encryption keys, named {@code arn:warden:kms:<region>:<account>:key/<name>}: Tink keysets stored only
 *       encrypted by the master key (associated data = region + ARN). Rotation appends a new primary version; old
 *       versions keep decrypting.</li>
 *   <li>Data keys, one per owner (thing, bucket, secret) and key-encryption key: AES-256-GCM keysets stored only
 *       wrapped by a key-encryption key (associated data = region + owner + ARN). Ciphertexts carry a header
 *       (region, key ARN, owner, record id) that is the AEAD's associated data.</li>
 * </ol>
 *
 * <h2>Entry points</h2>
 * {@link dev.warden.kms.KeyManagementService} and {@link dev.warden.kms.SecretsManager}; every refusal is a
 * {@link dev.warden.kms.KmsException} with a {@link dev.warden.kms.KmsReason}; every operation is reported to
 * {@link dev.warden.kms.KmsEvents} for the audit trail.
 *
 * <h2>Known limits</h2>
 * Crypto-shredding deletes the wrapped data key; SQLite zeroes the deleted bytes (secure_delete) and truncates the
 * WAL, PostgreSQL keeps dead tuples until VACUUM reuses the space (the remnant is still wrapped by the key-encryption
 * key). Backups taken before a destruction hold the wrapped key too.
 */
package dev.warden.kms;
