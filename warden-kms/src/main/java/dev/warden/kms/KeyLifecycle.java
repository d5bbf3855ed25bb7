package dev.warden.kms;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import dev.warden.kms.store.DataKeyDao;
import dev.warden.kms.store.DataKeyRow;
import dev.warden.kms.store.KeyDao;
import dev.warden.kms.store.KeyRow;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The life of a key after its creation, behind {@link KeyManagementService#rotateKey},
 * {@link KeyManagementService#rewrapDataKeys}, {@link KeyManagementService#scheduleKeyDeletion},
 * {@link KeyManagementService#cancelKeyDeletion} and {@link KeyManagementService#purgeDueDeletions}: new versions,
 * data keys re-wrapped under the primary one, and deletion with its waiting period. Each operation is reported like
 * every other, with the key's ARN.
 */
final class KeyLifecycle {
    private static final int REWRAP_BATCH = 200;

    private final Database db;
    private final MasterKey masterKey;
    private final String region;
    private final Clock clock;
    private final KeyHierarchy hierarchy;
    private final OperationLog log;
    private final HsmKeyStore hsm;

    KeyLifecycle(
            Database db,
            MasterKey masterKey,
            String region,
            Clock clock,
            KeyHierarchy hierarchy,
            OperationLog log,
            HsmKeyStore hsm) {
        this.hsm = hsm;
        this.db = db;
        this.masterKey = masterKey;
        this.region = region;
        this.clock = clock;
        this.hierarchy = hierarchy;
        this.log = log;
    }

    KeyMetadata rotate(String keyRef) {
        return log.audited(
                "kms:RotateKey",
                keyRef,
                null,
                trace -> db.inTransaction(h -> {
                    KeyRow key = hierarchy.resolve(h, keyRef);
                    trace.key = key.arn();
                    if (key.keySpec().asymmetric()) {
                        throw new KmsException(
                                KmsReason.UNSUPPORTED_OPERATION,
                                "key " + key.arn() + " is an asymmetric key (" + key.keySpec()
                                        + "); asymmetric keys are not rotated: create a new key instead");
                    }
                    hierarchy.requireUsable(key);
                    KeysetHandle rotated = TinkKeys.withNewPrimary(hierarchy.kekKeyset(key));
                    Instant now = clock.instant();
                    int primary = TinkKeys.primaryVersion(rotated);
                    new KeyDao(h)
                            .updateKeyset(
                                    key.arn(),
                                    Base64Text.encode(
                                            TinkKeys.encrypt(rotated, masterKey, hierarchy.kekAad(key.arn()))),
                                    primary,
                                    rotated.size(),
                                    now);
                    return KeyMetadata.of(hierarchy.resolve(h, key.arn()), now);
                }));
    }

    int rewrapDataKeys(String keyRef) {
        return log.audited("kms:RewrapDataKeys", keyRef, null, trace -> {
            KeyRow key = hierarchy.envelopeKey(keyRef, trace);
            KeysetHandle kekKeyset = hierarchy.kekKeyset(key);
            Aead kek = TinkKeys.aead(kekKeyset);
            int primary = TinkKeys.primaryVersion(kekKeyset);
            int count = 0;
            String after = "";
            while (true) {
                String cursor = after;
                List<DataKeyRow> batch =
                        db.read(h -> new DataKeyDao(h).wrappedByOtherVersion(key.arn(), primary, cursor, REWRAP_BATCH));
                if (batch.isEmpty()) {
                    return count;
                }
                for (DataKeyRow row : batch) {
                    byte[] aad = hierarchy.dataKeyAad(row.owner(), row.keyArn());
                    KeysetHandle dataKey = TinkKeys.decrypt(
                            Base64Text.decode(row.wrappedKey()),
                            kek,
                            aad,
                            KmsReason.DECRYPTION_FAILED,
                            "data key of owner '" + row.owner() + "'");
                    String rewrapped = Base64Text.encode(TinkKeys.encrypt(dataKey, kek, aad));
                    Instant now = clock.instant();
                    if (db.inTransaction(h -> new DataKeyDao(h).rewrap(row, primary, rewrapped, now))) {
                        count++;
                    }
                    after = row.owner();
                }
            }
        });
    }

    KeyMetadata scheduleDeletion(String keyRef, int pendingWindowDays) {
        return log.audited("kms:ScheduleKeyDeletion", keyRef, null, trace -> {
            if (pendingWindowDays < KeyManagementService.MIN_DELETION_DAYS
                    || pendingWindowDays > KeyManagementService.MAX_DELETION_DAYS) {
                throw new KmsException(
                        KmsReason.INVALID_ARGUMENT,
                        "the pending window must be " + KeyManagementService.MIN_DELETION_DAYS + " to "
                                + KeyManagementService.MAX_DELETION_DAYS + " days, not " + pendingWindowDays);
            }
            return db.inTransaction(h -> {
                KeyRow key = hierarchy.resolve(h, keyRef);
                trace.key = key.arn();
                hierarchy.requireUsable(key);
                Instant now = clock.instant();
                new KeyDao(h)
                        .updateState(
                                key.arn(), KeyState.PENDING_DELETION, now.plus(Duration.ofDays(pendingWindowDays)));
                return KeyMetadata.of(hierarchy.resolve(h, key.arn()), now);
            });
        });
    }

    KeyMetadata cancelDeletion(String keyRef) {
        return log.audited(
                "kms:CancelKeyDeletion",
                keyRef,
                null,
                trace -> db.inTransaction(h -> {
                    KeyRow key = hierarchy.resolve(h, keyRef);
                    trace.key = key.arn();
                    Instant now = clock.instant();
                    switch (key.effectiveState(now)) {
                        case DELETED ->
                            throw new KmsException(KmsReason.KEY_DELETED, "key " + key.arn() + " is deleted");
                        case ENABLED ->
                            throw new KmsException(
                                    KmsReason.INVALID_STATE, "key " + key.arn() + " has no pending deletion");
                        case PENDING_DELETION -> new KeyDao(h).updateState(key.arn(), KeyState.ENABLED, null);
                    }
                    return KeyMetadata.of(hierarchy.resolve(h, key.arn()), now);
                }));
    }

    /**
     * Purges every key whose deletion date has passed: the keyset leaves the database, or, for a key of origin
     * {@link KeyOrigin#HSM}, the token object is destroyed first and then its label forgotten. A key whose HSM is not
     * reachable now is reported as a failed {@code kms:DeleteKey} and retried on the next pass; it is refused either
     * way, from its deletion date on.
     */
    List<String> purgeDueDeletions() {
        Instant now = clock.instant();
        List<String> purged = new ArrayList<>();
        for (KeyRow key : db.read(h -> new KeyDao(h).list(region))) {
            if (key.effectiveState(now) == KeyState.DELETED && key.holdsMaterial()) {
                try {
                    purge(key);
                    purged.add(key.arn());
                } catch (KmsException e) {
                    if (key.origin() != KeyOrigin.HSM) {
                        throw e;
                    }
                    // Reported by purge(); the other keys are still purged now.
                }
            }
        }
        if (!purged.isEmpty()) {
            hierarchy.checkpointSqlite();
        }
        return purged;
    }

    private void purge(KeyRow key) {
        log.audited("kms:DeleteKey", key.arn(), null, trace -> {
            if (key.hsmKeyLabel() != null) {
                hsm.destroy(key.hsmKeyLabel());
            }
            db.useTransaction(h -> {
                hierarchy.onSqliteSecureDelete(h);
                new KeyDao(h).purge(key.arn());
                new DataKeyDao(h).deleteForKey(key.arn());
            });
            return null;
        });
    }
}
