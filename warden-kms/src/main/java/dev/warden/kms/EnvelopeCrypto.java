package dev.warden.kms;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import dev.warden.kms.OperationLog.Trace;
import dev.warden.kms.store.DataKeyDao;
import dev.warden.kms.store.DataKeyRow;
import dev.warden.kms.store.KeyRow;
import dev.warden.storage.Database;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * The envelope operations behind {@link KeyManagementService#encrypt}, {@link KeyManagementService#decrypt},
 * {@link KeyManagementService#reEncrypt}, the data-key operations and crypto-shredding: everything that binds a
 * ciphertext to region, key, owner and record, apart from the key lifecycle and signing.
 */
final class EnvelopeCrypto {
    private final Database db;
    private final String region;
    private final Clock clock;
    private final KeyHierarchy hierarchy;
    private final OperationLog log;

    EnvelopeCrypto(Database db, String region, Clock clock, KeyHierarchy hierarchy, OperationLog log) {
        this.db = db;
        this.region = region;
        this.clock = clock;
        this.hierarchy = hierarchy;
        this.log = log;
    }

    byte[] encrypt(String keyRef, EncryptionContext context, byte[] plaintext) {
        requireContext(context);
        Objects.requireNonNull(plaintext, "plaintext");
        return log.audited(
                "kms:Encrypt", keyRef, context.owner(), trace -> encryptUnaudited(keyRef, context, plaintext, trace));
    }

    byte[] decrypt(EncryptionContext context, byte[] ciphertext) {
        requireContext(context);
        Objects.requireNonNull(ciphertext, "ciphertext");
        return log.audited("kms:Decrypt", null, context.owner(), trace -> decryptUnaudited(context, ciphertext, trace));
    }

    byte[] reEncrypt(
            EncryptionContext source, byte[] ciphertext, String destinationKeyRef, EncryptionContext destination) {
        requireContext(source);
        requireContext(destination);
        Objects.requireNonNull(ciphertext, "ciphertext");
        return log.audited("kms:ReEncrypt", destinationKeyRef, destination.owner(), trace -> {
            byte[] plaintext = decryptUnaudited(source, ciphertext, new Trace(null, null));
            try {
                return encryptUnaudited(destinationKeyRef, destination, plaintext, trace);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        });
    }

    GeneratedDataKey generateDataKey(String keyRef, EncryptionContext context) {
        requireContext(context);
        return log.audited("kms:GenerateDataKey", keyRef, context.owner(), trace -> {
            KeyRow key = hierarchy.envelopeKey(keyRef, trace);
            hierarchy.requireNotShredded(context.owner());
            KeysetHandle dataKey = TinkKeys.newAes256Gcm();
            byte[] header = Envelope.header(Envelope.Kind.WRAPPED_DATA_KEY, region, key.arn(), context);
            byte[] wrapped =
                    Envelope.join(header, TinkKeys.encrypt(dataKey, TinkKeys.aead(hierarchy.kekKeyset(key)), header));
            return new GeneratedDataKey(TinkKeys.aead(dataKey), wrapped);
        });
    }

    Aead decryptDataKey(EncryptionContext context, byte[] wrapped) {
        requireContext(context);
        Objects.requireNonNull(wrapped, "wrapped");
        return log.audited("kms:Decrypt", null, context.owner(), trace -> {
            Envelope envelope = checkedEnvelope(wrapped, Envelope.Kind.WRAPPED_DATA_KEY, context, trace);
            hierarchy.requireNotShredded(context.owner());
            KeyRow key = hierarchy.envelopeKey(envelope.keyArn(), trace);
            KeysetHandle dataKey = TinkKeys.decrypt(
                    envelope.body(),
                    TinkKeys.aead(hierarchy.kekKeyset(key)),
                    envelope.header(),
                    KmsReason.DECRYPTION_FAILED,
                    "wrapped data key for owner '" + context.owner() + "'");
            return TinkKeys.aead(dataKey);
        });
    }

    void destroyDataKey(String owner) {
        EncryptionContext.requireOwner(owner);
        log.audited("kms:DestroyDataKey", null, owner, trace -> {
            db.useTransaction(h -> {
                hierarchy.onSqliteSecureDelete(h);
                DataKeyDao dataKeys = new DataKeyDao(h);
                dataKeys.deleteOwner(region, owner);
                dataKeys.markShredded(region, owner, clock.instant());
            });
            hierarchy.checkpointSqlite();
            return null;
        });
    }

    private byte[] encryptUnaudited(String keyRef, EncryptionContext context, byte[] plaintext, Trace trace) {
        KeyRow key = hierarchy.envelopeKey(keyRef, trace);
        Aead dataKey = hierarchy.ownerDataKey(key, context.owner());
        byte[] header = Envelope.header(Envelope.Kind.DATA, region, key.arn(), context);
        try {
            return Envelope.join(header, dataKey.encrypt(plaintext, header));
        } catch (GeneralSecurityException e) {
            throw new KmsException(
                    KmsReason.INTERNAL, "encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private byte[] decryptUnaudited(EncryptionContext context, byte[] ciphertext, Trace trace) {
        Envelope envelope = checkedEnvelope(ciphertext, Envelope.Kind.DATA, context, trace);
        hierarchy.requireNotShredded(context.owner());
        KeyRow key = hierarchy.envelopeKey(envelope.keyArn(), trace);
        DataKeyRow row = db.read(h -> new DataKeyDao(h).find(region, context.owner(), key.arn()))
                .orElseThrow(() -> new KmsException(
                        KmsReason.DECRYPTION_FAILED,
                        "owner '" + context.owner() + "' has no data key under " + key.arn()));
        Aead dataKey = hierarchy.unwrap(row, TinkKeys.aead(hierarchy.kekKeyset(key)));
        try {
            return dataKey.decrypt(envelope.body(), envelope.header());
        } catch (GeneralSecurityException e) {
            throw new KmsException(
                    KmsReason.DECRYPTION_FAILED,
                    "ciphertext of owner '" + context.owner() + "', record '" + context.recordId()
                            + "' failed authentication");
        }
    }

    /** Parses the envelope and refuses, before any decryption, data of another region or another owner/record. */
    private Envelope checkedEnvelope(byte[] bytes, Envelope.Kind kind, EncryptionContext context, Trace trace) {
        Envelope envelope = Envelope.parse(bytes, kind);
        trace.key = envelope.keyArn();
        if (!region.equals(envelope.region())) {
            throw new KmsException(
                    KmsReason.WRONG_REGION,
                    "ciphertext is from region '" + envelope.region() + "'; this node holds keys for " + region
                            + " only");
        }
        if (!envelope.owner().equals(context.owner()) || !envelope.recordId().equals(context.recordId())) {
            throw new KmsException(
                    KmsReason.WRONG_CONTEXT,
                    "ciphertext belongs to another owner or record than owner '" + context.owner() + "', record '"
                            + context.recordId() + "'");
        }
        try {
            KeyArn.parse(envelope.keyArn());
        } catch (KmsException e) {
            throw new KmsException(KmsReason.DECRYPTION_FAILED, "ciphertext names no valid key");
        }
        return envelope;
    }

    private static void requireContext(EncryptionContext context) {
        if (context == null) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "an encryption context is required");
        }
    }
}
