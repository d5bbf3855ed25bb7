package dev.warden.kms;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import dev.warden.kms.store.DataKeyDao;
import dev.warden.kms.store.DataKeyRow;
import dev.warden.kms.store.KeyDao;
import dev.warden.kms.store.KeyRow;
import dev.warden.kms.store.SqlitePragmas;
import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One region's key hierarchy as stored: resolving keys, opening key-encryption keysets with the master key, and
 * finding, creating and unwrapping owners' data keys. Every piece of associated data the KMS uses is defined here.
 * Public only for {@link #rewrapKekKeyset}, which master-key rotation ({@code dev.warden.kms.masterkey}) needs.
 */
public final class KeyHierarchy {
    private static final Logger LOG = LoggerFactory.getLogger(KeyHierarchy.class);

    private final Database db;
    private final MasterKey masterKey;
    private final String region;
    private final Clock clock;

    KeyHierarchy(Database db, MasterKey masterKey, String region, Clock clock) {
        this.db = db;
        this.masterKey = masterKey;
        this.region = region;
        this.clock = clock;
    }

    /** The owner's data key under {@code key}, created (wrapped by the primary version) on first use. */
    Aead ownerDataKey(KeyRow key, String owner) {
        DataKeyRow row =
                db.read(h -> new DataKeyDao(h).find(region, owner, key.arn())).orElse(null);
        if (row == null) {
            KeysetHandle kekKeyset = kekKeyset(key);
            Aead kek = TinkKeys.aead(kekKeyset);
            row = db.inTransaction(h -> {
                DataKeyDao dataKeys = new DataKeyDao(h);
                if (dataKeys.isShredded(region, owner)) {
                    throw destroyed(owner);
                }
                return dataKeys.find(region, owner, key.arn()).orElseGet(() -> {
                    KeysetHandle dataKey = TinkKeys.newAes256Gcm();
                    DataKeyRow created = new DataKeyRow(
                            region,
                            owner,
                            key.arn(),
                            TinkKeys.primaryVersion(kekKeyset),
                            Base64Text.encode(TinkKeys.encrypt(dataKey, kek, dataKeyAad(owner, key.arn()))));
                    dataKeys.insert(created, clock.instant());
                    return created;
                });
            });
            return unwrap(row, kek);
        }
        return unwrap(row, TinkKeys.aead(kekKeyset(key)));
    }

    Aead unwrap(DataKeyRow row, Aead kek) {
        return TinkKeys.aead(TinkKeys.decrypt(
                Base64Text.decode(row.wrappedKey()),
                kek,
                dataKeyAad(row.owner(), row.keyArn()),
                KmsReason.DECRYPTION_FAILED,
                "data key of owner '" + row.owner() + "'"));
    }

    /** A key for envelope encryption: resolved, usable, and refused if it is a signing key. */
    KeyRow envelopeKey(String keyRef, OperationLog.Trace trace) {
        KeyRow key = db.read(h -> resolve(h, keyRef));
        trace.key = key.arn();
        requireUsable(key);
        requireUsage(key, KeyUsage.ENCRYPT_DECRYPT);
        return key;
    }

    KeyRow resolve(Handle h, String keyRef) {
        KeyDao keyDao = new KeyDao(h);
        if (KeyArn.looksLikeArn(keyRef)) {
            KeyArn arn = KeyArn.parse(keyRef);
            if (!arn.region().equals(region)) {
                throw new KmsException(
                        KmsReason.WRONG_REGION,
                        "key " + arn + " is in another region; this node holds keys for " + region + " only");
            }
            return keyDao.findByArn(arn.toString()).orElseThrow(() -> notFound(keyRef));
        }
        KeyArn.requireName(keyRef);
        return keyDao.findByName(region, keyRef).orElseThrow(() -> notFound(keyRef));
    }

    void requireUsable(KeyRow key) {
        switch (key.effectiveState(clock.instant())) {
            case PENDING_DELETION ->
                throw new KmsException(
                        KmsReason.KEY_PENDING_DELETION,
                        "key " + key.arn() + " is pending deletion (on " + key.deletionAt() + ")");
            case DELETED -> throw new KmsException(KmsReason.KEY_DELETED, "key " + key.arn() + " is deleted");
            case ENABLED -> {}
        }
    }

    /**
     * Refuses a key whose usage is not {@code usage}, before its keyset is opened: an encryption key never signs and a
     * signing key never encrypts, whatever the caller asks.
     */
    void requireUsage(KeyRow key, KeyUsage usage) {
        if (key.keyUsage() != usage) {
            throw new KmsException(
                    KmsReason.INVALID_KEY_USAGE,
                    "key " + key.arn() + " is a " + key.keyUsage() + " key (" + key.keySpec()
                            + "); this operation needs " + usage);
        }
    }

    void requireNotShredded(String owner) {
        if (db.read(h -> new DataKeyDao(h).isShredded(region, owner))) {
            throw destroyed(owner);
        }
    }

    /**
     * The key's keyset, opened with the master key: a key-encryption key's AES versions, or a signing key's private
     * key. Both are stored alike under the same associated data (region + ARN).
     */
    KeysetHandle kekKeyset(KeyRow key) {
        if (key.encryptedKeyset() == null) {
            throw new KmsException(KmsReason.KEY_DELETED, "key " + key.arn() + " is deleted");
        }
        if (!masterKey.keyId().equals(key.masterKeyId())) {
            throw new KmsException(
                    KmsReason.MASTER_KEY_UNAVAILABLE,
                    "key " + key.arn() + " is protected by master key " + key.masterKeyId() + "; this node holds "
                            + masterKey.keyId());
        }
        return TinkKeys.decrypt(
                Base64Text.decode(key.encryptedKeyset()),
                masterKey,
                kekAad(key.arn()),
                KmsReason.DECRYPTION_FAILED,
                "the keyset of " + key.arn());
    }

    byte[] kekAad(String arn) {
        return kekAad(region, arn);
    }

    private static byte[] kekAad(String region, String arn) {
        return ("warden-kms/kek|" + region + "|" + arn).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Re-encrypts one key-encryption keyset (as stored: base64 of the encrypted keyset) from master key {@code from}
     * to master key {@code to}, with the same associated data; the key material inside is unchanged.
     *
     * @throws KmsException {@link KmsReason#DECRYPTION_FAILED} if the keyset does not open with {@code from}
     */
    public static String rewrapKekKeyset(
            String region, String arn, String encryptedKeyset, MasterKey from, MasterKey to) {
        byte[] aad = kekAad(region, arn);
        KeysetHandle keyset = TinkKeys.decrypt(
                Base64Text.decode(encryptedKeyset), from, aad, KmsReason.DECRYPTION_FAILED, "the keyset of " + arn);
        return Base64Text.encode(TinkKeys.encrypt(keyset, to, aad));
    }

    byte[] dataKeyAad(String owner, String arn) {
        return ("warden-kms/data-key|" + region + "|" + owner + "|" + arn).getBytes(StandardCharsets.UTF_8);
    }

    boolean onSqlite() {
        return db.location().kind() == DatabaseLocation.Kind.SQLITE;
    }

    /** Deleted key material should not linger in SQLite's free pages: this connection zeroes what it deletes. */
    void onSqliteSecureDelete(Handle h) {
        if (onSqlite()) {
            SqlitePragmas.secureDelete(h);
        }
    }

    /** Old WAL frames still hold pages from before a deletion; a truncating checkpoint drops them (best effort). */
    void checkpointSqlite() {
        if (!onSqlite()) {
            return;
        }
        try {
            db.read(SqlitePragmas::checkpointTruncate);
        } catch (RuntimeException e) {
            LOG.warn(
                    "WAL checkpoint after key destruction failed ({}); old frames go at the next checkpoint",
                    e.getClass().getSimpleName());
        }
    }

    static KmsException notFound(String keyRef) {
        return new KmsException(KmsReason.KEY_NOT_FOUND, "no key '" + keyRef + "'");
    }

    static KmsException destroyed(String owner) {
        return new KmsException(KmsReason.KEY_DESTROYED, "the data keys of owner '" + owner + "' were destroyed");
    }
}
