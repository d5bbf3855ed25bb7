package dev.warden.kms;

import com.google.crypto.tink.KeysetHandle;
import dev.warden.kms.store.KeyDao;
import dev.warden.kms.store.KeyRow;
import dev.warden.storage.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@link KeyManagementService#createKey}: a key of origin {@link KeyOrigin#KMS} is a Tink keyset made here and
 * stored encrypted by the master key; one of origin {@link KeyOrigin#HSM} is a key pair made inside the node's HSM,
 * of which the row keeps only the token object's label and the public key. Reported as {@code kms:CreateKey}.
 */
final class KeyCreation {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final MasterKey masterKey;
    private final String region;
    private final Clock clock;
    private final KeyHierarchy hierarchy;
    private final OperationLog log;
    private final HsmKeyStore hsm;

    KeyCreation(
            Database db,
            MasterKey masterKey,
            String region,
            Clock clock,
            KeyHierarchy hierarchy,
            OperationLog log,
            HsmKeyStore hsm) {
        this.db = db;
        this.masterKey = masterKey;
        this.region = region;
        this.clock = clock;
        this.hierarchy = hierarchy;
        this.log = log;
        this.hsm = hsm;
    }

    KeyMetadata create(String account, String name, String description, KeySpec keySpec, KeyOrigin origin) {
        return log.audited("kms:CreateKey", name, null, trace -> {
            KeyArn arn = new KeyArn(region, account, name);
            trace.key = arn.toString();
            if (origin == KeyOrigin.HSM) {
                requireHsmSpec(keySpec);
            }
            // Checked before anything is generated, so that a taken name leaves no orphan object in the token.
            requireNameFree(arn);
            String text = description == null ? "" : description;
            KeyRow row = origin == KeyOrigin.HSM ? hsmRow(arn, text) : kmsRow(arn, text, keySpec);
            try {
                db.useTransaction(h -> {
                    requireNameFree(new KeyDao(h), arn);
                    new KeyDao(h).insert(row);
                });
            } catch (RuntimeException e) {
                if (row.hsmKeyLabel() != null) {
                    destroyQuietly(row.hsmKeyLabel(), e);
                }
                throw e;
            }
            return KeyMetadata.of(row, row.createdAt());
        });
    }

    private void requireHsmSpec(KeySpec keySpec) {
        if (keySpec != KeySpec.ECC_NIST_P256) {
            throw new KmsException(
                    KmsReason.UNSUPPORTED_OPERATION,
                    "keys of origin HSM are " + KeySpec.ECC_NIST_P256 + " signing keys; " + keySpec
                            + " keys are made by the KMS");
        }
        if (hsm == HsmKeyStore.NONE) {
            throw new KmsException(
                    KmsReason.HSM_NOT_CONFIGURED,
                    "this node has no HSM configured (set hsm to a pkcs11: URI) for keys of origin HSM");
        }
    }

    private void requireNameFree(KeyArn arn) {
        db.read(h -> {
            requireNameFree(new KeyDao(h), arn);
            return null;
        });
    }

    private void requireNameFree(KeyDao keys, KeyArn arn) {
        if (keys.findByName(region, arn.name()).isPresent()) {
            throw new KmsException(KmsReason.ALREADY_EXISTS, "key " + arn + " already exists");
        }
    }

    private KeyRow kmsRow(KeyArn arn, String description, KeySpec keySpec) {
        KeysetHandle keyset = keySpec == KeySpec.SYMMETRIC_DEFAULT ? TinkKeys.newAes256Gcm() : EcdsaKeys.newP256();
        String encrypted = Base64Text.encode(TinkKeys.encrypt(keyset, masterKey, hierarchy.kekAad(arn.toString())));
        return row(arn, description, keySpec, KeyOrigin.KMS, encrypted, null, null);
    }

    private KeyRow hsmRow(KeyArn arn, String description) {
        // A random suffix: a token outlives databases (a restore, a second node on the same HSM), so a name is not
        // enough to keep two keys' objects apart.
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        String label =
                "warden-kms-" + region + "-" + arn.name() + "-" + HexFormat.of().formatHex(suffix);
        byte[] spki = hsm.generateP256(label, "Warden KMS key " + arn);
        return row(arn, description, KeySpec.ECC_NIST_P256, KeyOrigin.HSM, null, label, Base64Text.encode(spki));
    }

    private KeyRow row(
            KeyArn arn,
            String description,
            KeySpec keySpec,
            KeyOrigin origin,
            String encryptedKeyset,
            String hsmKeyLabel,
            String publicKey) {
        Instant now = clock.instant();
        return new KeyRow(
                arn.toString(),
                region,
                arn.account(),
                arn.name(),
                description,
                keySpec,
                keySpec.usage(),
                KeyState.ENABLED,
                masterKey.keyId(),
                encryptedKeyset,
                1,
                1,
                now,
                null,
                null,
                origin,
                hsmKeyLabel,
                publicKey);
    }

    private void destroyQuietly(String label, RuntimeException cause) {
        try {
            hsm.destroy(label);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
