package dev.warden.kms.masterkey;

import dev.warden.kms.KeyHierarchy;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.MasterKey;
import dev.warden.kms.store.KeyDao;
import dev.warden.kms.store.KeyRow;
import dev.warden.storage.Database;

/**
 * Moves a region's key hierarchy to a new master key: every key-encryption keyset is decrypted with the current
 * master key and encrypted with the next, in one database transaction, so that after a crash either every keyset
 * opens with the old master key or every keyset opens with the new one. Data keys and ciphertexts are untouched
 * (they are wrapped by the keysets, which keep their key material). Resumable: keysets already under the next
 * master key (a rotation interrupted after its commit) are left as they are.
 */
public final class MasterKeyRotation {
    private MasterKeyRotation() {}

    /** What a rotation did. */
    public record Result(String fromKeyId, String toKeyId, int rewrapped, int alreadyRotated, int purged) {}

    /**
     * @throws KmsException {@link KmsReason#MASTER_KEY_UNAVAILABLE} if a keyset is under a third master key, the keys
     *                      are of another region, or both are the same key; {@link KmsReason#DECRYPTION_FAILED} if a
     *                      keyset does not open. Either way nothing was changed.
     */
    public static Result rotate(Database db, MasterKey current, MasterKey next) {
        String region = current.region();
        if (!region.equals(next.region())) {
            throw new KmsException(
                    KmsReason.MASTER_KEY_UNAVAILABLE,
                    "the new master key is of region " + next.region() + ", not " + region);
        }
        if (current.keyId().equals(next.keyId())) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "the new master key is the current one");
        }
        return db.inTransaction(h -> {
            KeyDao keys = new KeyDao(h);
            int rewrapped = 0;
            int already = 0;
            int purged = 0;
            for (KeyRow key : keys.list(region)) {
                if (key.masterKeyId().equals(next.keyId())) {
                    already++;
                    continue;
                }
                if (!key.masterKeyId().equals(current.keyId())) {
                    throw new KmsException(
                            KmsReason.MASTER_KEY_UNAVAILABLE,
                            "key " + key.arn() + " is protected by master key " + key.masterKeyId()
                                    + ", neither the current (" + current.keyId() + ") nor the new one");
                }
                if (key.encryptedKeyset() == null) {
                    // A purged key has no material left, and a key of origin HSM has none here (it is in the token);
                    // either only changes hands so that every row names the new key. Both are counted as purged.
                    keys.updateMasterKey(key.arn(), current.keyId(), next.keyId(), null);
                    purged++;
                    continue;
                }
                String rewrappedKeyset =
                        KeyHierarchy.rewrapKekKeyset(region, key.arn(), key.encryptedKeyset(), current, next);
                if (!keys.updateMasterKey(key.arn(), current.keyId(), next.keyId(), rewrappedKeyset)) {
                    throw new KmsException(
                            KmsReason.INVALID_STATE, "key " + key.arn() + " changed during the rotation");
                }
                rewrapped++;
            }
            return new Result(current.keyId(), next.keyId(), rewrapped, already, purged);
        });
    }
}
