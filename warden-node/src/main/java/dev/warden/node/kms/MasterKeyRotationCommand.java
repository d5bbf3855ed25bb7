package dev.warden.node.kms;

import dev.warden.audit.AuditLog;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.AuditSettings;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.MasterKey;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.kms.masterkey.MasterKeyRotation;
import dev.warden.node.NodeLayout;
import dev.warden.node.SealedKeyFiles;
import dev.warden.node.SealedKeyRotation;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.Pem;
import dev.warden.pki.store.PrivateKeyFiles;
import dev.warden.policy.Arn;
import dev.warden.storage.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * Rotates a stopped node's master key (file-based): creates the new master key file beside the old one, re-wraps
 * every key-encryption keyset under it in one transaction ({@link MasterKeyRotation}), then atomically replaces the
 * old file and records {@code kms:RotateMasterKey} in the audit trail. A crash at any point leaves a valid state: before
 * the commit the old file still opens everything; after it, the new file ({@code master-<region>.key.new} until the
 * rename) does, and running the command again with the same new passphrase completes the rotation.
 *
 * <p>The node's private keys sealed under the master key (pki/*.key.sealed, see {@link SealedKeyFiles}) are re-sealed
 * in the same procedure ({@link SealedKeyRotation}): written as {@code .new} files before the commit, switched after
 * it and before the master key file is replaced, so the old master key file stays until every key file is switched.
 */
public final class MasterKeyRotationCommand {
    public static final String ACTION = "kms:RotateMasterKey";

    private MasterKeyRotationCommand() {}

    /** What was done, for the operator. */
    public record Outcome(
            MasterKeyRotation.Result result,
            Path masterKeyFile,
            boolean removedGeneratedPassphrase,
            int keyFilesResealed) {}

    /**
     * @param newPassphrase the new master key's passphrase; cleared by the caller
     * @throws KmsException {@link KmsReason#INVALID_STATE} while the node runs; the refusals of
     *                      {@link MasterKeyRotation#rotate} and of opening the master key files
     */
    public static Outcome run(
            WardenConfig config, Map<String, String> env, char[] newPassphrase, String operator, Clock clock) {
        if (config.kmsMasterKeyInHsm()) {
            throw new KmsException(
                    KmsReason.INVALID_STATE,
                    "the master key is in a PKCS#11 HSM (kms-hsm): it never "
                            + "leaves the token, so rotating it is the HSM's own operation");
        }
        NodeLayout layout = new NodeLayout(config.dataDir());
        if (Files.exists(layout.endpointsFile())) {
            throw new KmsException(
                    KmsReason.INVALID_STATE,
                    "the node appears to be running (" + layout.endpointsFile()
                            + " exists): stop it first; if it crashed, remove that file");
        }
        Path current = layout.masterKey(config.region());
        if (!Files.exists(current)) {
            throw new KmsException(
                    KmsReason.MASTER_KEY_UNAVAILABLE, "no master key at " + current + " (start the node once first)");
        }
        Path pending = current.resolveSibling(current.getFileName() + ".new");
        char[] oldPassphrase = MasterKeyPassphrase.resolve(config, env, layout, false, new SecureRandom());
        MasterKey old;
        MasterKey next;
        try {
            old = MasterKeyFile.open(current, oldPassphrase);
        } finally {
            Arrays.fill(oldPassphrase, '\0');
        }
        if (Files.exists(pending)) {
            // An interrupted rotation: only the same new passphrase may resume it, since the database may already
            // be under that key.
            next = MasterKeyFile.open(pending, newPassphrase);
        } else {
            next = MasterKeyFile.create(pending, config.region(), newPassphrase, config.masterKeyKdf());
        }
        MasterKeyRotation.Result result;
        SealedKeyRotation keyFiles = new SealedKeyRotation(layout.pkiDir(), old, next);
        try (Database db = Database.open(config.db(), config.dataDir())) {
            keyFiles.prepare();
            result = MasterKeyRotation.rotate(db, old, next);
            int resealed = keyFiles.commit();
            move(pending, current);
            boolean removed = removeGeneratedPassphrase(layout);
            audit(config, db, layout, new SealedKeyFiles(next), clock, operator, result);
            return new Outcome(result, current, removed, resealed);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new KmsException(
                    KmsReason.INTERNAL,
                    "the keysets are under the new master key, but " + from + " could not replace " + to
                            + ": run the command again with the same new passphrase");
        }
    }

    /** The generated passphrase opened only the old master key; left behind it would mislead the next start. */
    private static boolean removeGeneratedPassphrase(NodeLayout layout) {
        try {
            return Files.deleteIfExists(layout.generatedMasterKeyPassphrase());
        } catch (IOException e) {
            return false;
        }
    }

    private static void audit(
            WardenConfig config,
            Database db,
            NodeLayout layout,
            PrivateKeyFiles keyFiles,
            Clock clock,
            String operator,
            MasterKeyRotation.Result result) {
        DigestSigner signer = new DigestSigner(
                keyFiles.read(layout.auditSigningKey()), Pem.parsePublicKey(read(layout.auditPublicKey())));
        AuditLog log = new AuditLog(new AuditStore(db), config.region(), signer, AuditSettings.DEFAULTS, clock).start();
        try {
            NodeAudit audit = new NodeAudit(log, config.audit().node());
            audit.recordDurable(audit.event(ACTION)
                    .principal(new AuditPrincipal("operator", operator, "local-cli"))
                    .result(AuditResult.ALLOW)
                    .resource(Arn.of("kms", config.region(), config.account(), "master-key")
                            .toString())
                    .detail("fromMasterKeyId", result.fromKeyId())
                    .detail("toMasterKeyId", result.toKeyId())
                    .detail("keysetsRewrapped", result.rewrapped())
                    .detail("keysetsAlreadyRotated", result.alreadyRotated()));
        } finally {
            log.close();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new KmsException(
                    KmsReason.INTERNAL, "cannot read " + file + " to record the rotation in the audit trail");
        }
    }
}
