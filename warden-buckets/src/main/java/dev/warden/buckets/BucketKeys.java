package dev.warden.buckets;

import com.google.crypto.tink.Aead;
import dev.warden.kms.EncryptionContext;
import dev.warden.kms.GeneratedDataKey;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each bucket's data key and the encryption of its objects, kept apart from the store's bookkeeping because this is
 * where the at-rest guarantees live: a data key comes from the region's KMS (owner {@code bucket/<name>/<id>}) and is
 * stored only wrapped, an object's ciphertext is bound by its associated data to region, bucket, key and object id (so
 * a row moved elsewhere fails to decrypt), and a deleted bucket's key is shredded.
 */
final class BucketKeys {
    static final String KEY_RECORD = "bucket-data-key";

    private final KeyManagementService kms;
    private final String keyRef;
    private final String region;
    /** Unwrapped data keys by bucket id: an object costs one AES-GCM operation, not a KMS call and an audit event. */
    private final Map<String, Aead> keys = new ConcurrentHashMap<>();

    BucketKeys(KeyManagementService kms, String keyRef) {
        this.kms = kms;
        this.keyRef = keyRef;
        this.region = kms.region();
    }

    /** A new data key for {@code bucket} (not yet keyed), wrapped under the node's key. */
    GeneratedDataKey generate(Bucket bucket) {
        return kms.generateDataKey(keyRef, EncryptionContext.of(bucket.owner(), KEY_RECORD));
    }

    /** Keeps the unwrapped key of a bucket just created, so its first object needs no KMS call. */
    void remember(String bucketId, Aead key) {
        keys.put(bucketId, key);
    }

    /** Forgets the bucket's key and destroys it in the KMS: no copy of its objects can be decrypted again. */
    void shred(Bucket bucket) {
        keys.remove(bucket.id());
        kms.destroyDataKey(bucket.owner());
    }

    byte[] encrypt(Bucket bucket, String key, String objectId, byte[] content) {
        try {
            return key(bucket).encrypt(content, associatedData(bucket, key, objectId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "object encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Decrypts a stored row; a row altered or moved to another key or bucket fails (DECRYPTION_FAILED). */
    byte[] decrypt(Bucket bucket, StoredObject row) {
        if (!region.equals(row.region())) {
            throw new KmsException(KmsReason.WRONG_REGION, "object of region '" + row.region() + "'");
        }
        try {
            return key(bucket)
                    .decrypt(
                            Base64.getDecoder().decode(row.ciphertextBase64()),
                            associatedData(bucket, row.key(), row.objectId()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KmsException(
                    KmsReason.DECRYPTION_FAILED,
                    "object '" + row.key() + "' of bucket '" + bucket.name() + "' failed authentication");
        }
    }

    private Aead key(Bucket bucket) {
        return keys.computeIfAbsent(
                bucket.id(),
                id -> kms.decryptDataKey(
                        EncryptionContext.of(bucket.owner(), KEY_RECORD),
                        Base64.getDecoder().decode(bucket.wrappedKey())));
    }

    /** Binds a ciphertext to its object: moved to another key, bucket or region it fails authentication. */
    private byte[] associatedData(Bucket bucket, String key, String objectId) {
        return String.join("\u0000", "warden-bucket-object-v1", region, bucket.name(), bucket.id(), key, objectId)
                .getBytes(StandardCharsets.UTF_8);
    }
}
