package dev.warden.node;

import dev.warden.iam.AdminCredentials;
import java.nio.file.Path;

/** Where a node keeps its files under the data directory. */
public record NodeLayout(Path dataDir) {
    public Path pkiDir() {
        return dataDir.resolve("pki");
    }

    public Path rootCertificate() {
        return pkiDir().resolve("root.crt");
    }

    public Path serverCertificate() {
        return pkiDir().resolve("server.crt");
    }

    /** The node's TLS key, by its logical name: stored sealed as {@code server.key.sealed} (see {@link SealedKeyFiles}). */
    public Path serverKey() {
        return pkiDir().resolve("server.key");
    }

    /** The region's audit-signing private key, sealed under the KMS master key ({@link SealedKeyFiles}). */
    public Path auditSigningKey() {
        return pkiDir().resolve("audit-signing.key");
    }

    /** Its public key, all that {@code warden audit verify} needs; keep a copy away from the node. */
    public Path auditPublicKey() {
        return pkiDir().resolve("audit-signing.pub");
    }

    /**
     * The region's audit-signing keys with the checkpoints each signed (public material only; {@code
     * dev.warden.audit.AuditKeys}): what {@code warden audit verify} trusts and {@code GET /audit/keys} publishes.
     */
    public Path auditKeys() {
        return pkiDir().resolve("audit-keys.json");
    }

    /** The private key of the region's {@code n}-th audit-signing key (1 is {@link #auditSigningKey()}), sealed. */
    public Path auditSigningKey(int n) {
        return n == 1 ? auditSigningKey() : pkiDir().resolve("audit-signing-" + n + ".key");
    }

    /** The public key of the region's {@code n}-th audit-signing key (1 is {@link #auditPublicKey()}). */
    public Path auditPublicKey(int n) {
        return n == 1 ? auditPublicKey() : pkiDir().resolve("audit-signing-" + n + ".pub");
    }

    /** The key of the audit head seal, stored only encrypted under the KMS master key. */
    public Path auditSealKey() {
        return pkiDir().resolve("audit-seal.key");
    }

    /** The key that signs users' access tokens (ES256), sealed under the KMS master key ({@link SealedKeyFiles}). */
    public Path tokenSigningKey() {
        return pkiDir().resolve("token-signing.key");
    }

    public Path tokenPublicKey() {
        return pkiDir().resolve("token-signing.pub");
    }

    public Path adminCredential() {
        return dataDir.resolve(AdminCredentials.FILE_NAME);
    }

    /** Written by a running server so that the CLI can find its ports. */
    public Path endpointsFile() {
        return dataDir.resolve("endpoints.json");
    }

    /** The KMS directory (0700): the region's master key file and, only if none was configured, its passphrase. */
    public Path kmsDir() {
        return dataDir.resolve("kms");
    }

    /** The region's KMS master key, encrypted under an Argon2id-derived key (mode 0600). */
    public Path masterKey(String region) {
        return kmsDir().resolve("master-" + region + ".key");
    }

    /** A master-key passphrase generated on first start because none was configured; belongs off the node. */
    public Path generatedMasterKeyPassphrase() {
        return kmsDir().resolve("master-passphrase");
    }
}
