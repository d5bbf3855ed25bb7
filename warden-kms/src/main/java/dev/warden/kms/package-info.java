/**
 * Encryption at rest with regional keys, and a secrets manager, built on Google Tink: the pure core of the KMS.
 *
 * <h2>Packages and trust boundary</h2>
 * This package is the core: the {@link dev.warden.kms.KeyManagementService} and {@link dev.warden.kms.SecretsManager}
 * APIs, the envelope format, the key hierarchy and its associated data, the Tink calls, the reasons and exceptions,
 * and the {@link dev.warden.kms.MasterKey} interface. The core never opens a file, an HSM session or a database
 * connection and holds no SQL: it runs transactions through warden-storage's {@code Database} and reads and writes
 * rows only through {@link dev.warden.kms.store} (the DAOs). Its I/O lives beside it:
 * <ul>
 *   <li>{@link dev.warden.kms.store}: the DAOs, the only place with SQL;</li>
 *   <li>{@link dev.warden.kms.masterkey}: master keys from a file or a PKCS#11 token, and master-key rotation;</li>
 *   <li>{@link dev.warden.kms.hsm}: the node's PKCS#11 token as the {@link dev.warden.kms.HsmKeyStore} of keys of
 *       origin HSM;</li>
 *   <li>{@link dev.warden.kms.rotation}: secret rotators, including the PostgreSQL role password rotator;</li>
 *   <li>{@link dev.warden.kms.node}: the helpers a node uses to run the KMS (audit sink, default key, maintenance).</li>
 * </ul>
 *
 * <h2>Key hierarchy (per region)</h2>
 * <ol>
 *   <li>{@link dev.warden.kms.MasterKey}: never in the database. Default: {@link dev.warden.kms.masterkey.MasterKeyFile}, a Tink
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
 * <h2>Signing keys</h2>
 * A key of spec {@link dev.warden.kms.KeySpec#ECC_NIST_P256} (usage {@link dev.warden.kms.KeyUsage#SIGN_VERIFY}) is an
 * ECDSA P-256 key pair whose Tink keyset is stored in place of a key-encryption keyset, encrypted by the master key
 * under the same associated data, so master-key rotation and purging treat it alike. The private key never leaves
 * the service: it signs (ECDSA-SHA256, DER), verifies, and gives out its public key as X.509 SubjectPublicKeyInfo
 * ({@link dev.warden.kms.KmsPublicKey}); {@link dev.warden.kms.KmsSigningKey} is the signer other modules hold. A key
 * is refused for the other usage ({@link dev.warden.kms.KmsReason#INVALID_KEY_USAGE}) and signing keys are never
 * rotated ({@link dev.warden.kms.KmsReason#UNSUPPORTED_OPERATION}), as in AWS KMS.
 *
 * <p>A signing key of origin {@link dev.warden.kms.KeyOrigin#HSM} (AWS's custom key store) has no keyset: it is a
 * sensitive, non-extractable key pair generated inside the node's HSM ({@link dev.warden.kms.HsmKeyStore}), which
 * signs with it; the row keeps the token object's label and the public key, which verification and
 * {@link dev.warden.kms.KmsPublicKey} use. Its purge destroys the token object. A node without an HSM refuses such
 * keys ({@link dev.warden.kms.KmsReason#HSM_NOT_CONFIGURED}).
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
