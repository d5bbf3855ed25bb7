package dev.warden.buckets;

import dev.warden.kms.GeneratedDataKey;
import dev.warden.kms.KeyManagementService;
import dev.warden.policy.Arn;
import dev.warden.policy.Policy;
import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets: named containers for device files (firmware images, exports) with an optional resource policy and a
 * retention. Each bucket has its own data key from the region's KMS (owner {@code bucket/<name>/<id>}), stored only
 * wrapped; object contents are stored only as AES-256-GCM ciphertext whose associated data binds region, bucket and
 * key, so a row moved to another key or bucket fails to decrypt. Deleting a bucket (which must be empty) shreds its
 * data key. Every refusal is a 4xx with a reason code, and nothing is written when a request is refused. This class
 * keeps the bookkeeping of buckets and objects; {@link BucketKeys} holds the data keys and the encryption,
 * {@link BucketPolicies} the policies and Block Public Access, {@link BucketNames} the name and key rules.
 */
public final class BucketStore {
    private static final Logger LOG = LoggerFactory.getLogger(BucketStore.class);

    public static final int MAX_KEY_BYTES = 1024;
    /** Contents travel base64 in a JSON body under the API's 1 MiB request limit. */
    public static final int MAX_OBJECT_BYTES = 512 * 1024;

    public static final int MAX_OBJECTS_PER_BUCKET = 10_000;
    public static final int MAX_BUCKETS = 100;
    /** S3's bucket policy limit. */
    public static final int MAX_POLICY_BYTES = 20 * 1024;

    public static final int MAX_RETENTION_DAYS = 3650;

    private final Database db;
    private final String region;
    private final String account;
    private final Clock clock;
    private final PublicAccessBlock publicAccessBlock;
    private final BucketReplication replication;
    private final BucketKeys keys;
    private final BucketPolicies policies;

    /** @param keyRef the KMS key that wraps every bucket's data key (the node's built-in key) */
    public BucketStore(Database db, KeyManagementService kms, String keyRef, String account, Clock clock) {
        this.db = db;
        this.region = kms.region();
        this.account = account;
        this.clock = clock;
        this.publicAccessBlock = new PublicAccessBlock(db, region, account, clock);
        this.replication = new BucketReplication(this, region, clock);
        this.keys = new BucketKeys(kms, keyRef);
        this.policies = new BucketPolicies(this, db, region, publicAccessBlock);
    }

    /** Cross-region replication of this region's buckets, and the replicas other regions keep here. */
    public BucketReplication replication() {
        return replication;
    }

    Database database() {
        return db;
    }

    /** {@code arn:warden:warden:<region>:<account>:bucket/<name>}, or the object's ARN {@code .../bucket/<name>/<key>}. */
    public String arn(String bucket, String key) {
        return Arn.of("warden", region, account, "bucket/" + bucket + (key == null ? "" : "/" + key))
                .toString();
    }

    /** The account's Block Public Access setting as a resource: one per region and account, not per bucket. */
    public String publicAccessBlockArn() {
        return Arn.of("warden", region, account, "public-access-block").toString();
    }

    public PublicAccessBlock publicAccessBlock() {
        return publicAccessBlock;
    }

    /** Turns Block Public Access on or off; on is refused while a bucket policy grants to everyone. */
    public void setPublicAccessBlock(boolean on) {
        policies.setPublicAccessBlock(on);
    }

    /** Creates an empty bucket with its own data key; {@code retentionDays} null keeps objects until deleted. */
    public Bucket create(String name, Integer retentionDays) {
        BucketNames.requireName(name);
        if (retentionDays != null && (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS)) {
            throw new BucketException(BucketReason.INVALID_RETENTION, "retentionDays must be 1.." + MAX_RETENTION_DAYS);
        }
        if (db.read(h -> new BucketDao(h).find(region, name)).isPresent()) {
            throw exists(name);
        }
        String id = UUID.randomUUID().toString();
        Bucket unkeyed =
                new Bucket(name, id, "", null, retentionDays, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        GeneratedDataKey key = keys.generate(unkeyed);
        Bucket bucket = new Bucket(
                name, id, Base64.getEncoder().encodeToString(key.wrapped()), null, retentionDays, unkeyed.createdAt());
        db.useTransaction(h -> {
            BucketDao dao = new BucketDao(h);
            if (dao.find(region, name).isPresent()) {
                throw exists(name);
            }
            if (dao.count(region) >= MAX_BUCKETS) {
                throw new BucketException(
                        BucketReason.TOO_MANY_BUCKETS, "a region holds at most " + MAX_BUCKETS + " buckets");
            }
            dao.insert(region, bucket);
        });
        keys.remember(id, key.aead());
        return bucket;
    }

    public List<Bucket> list() {
        return db.read(h -> new BucketDao(h).list(region));
    }

    Optional<Bucket> find(String name) {
        return db.read(h -> new BucketDao(h).find(region, name));
    }

    public Bucket bucket(String name) {
        return find(name)
                .orElseThrow(() -> new BucketException(BucketReason.NO_SUCH_BUCKET, "no bucket named '" + name + "'"));
    }

    /** Deletes an empty bucket and shreds its data key, so no copy of its objects can ever be decrypted. */
    public void delete(String name) {
        Bucket bucket = bucket(name);
        db.useTransaction(h -> {
            BucketDao dao = new BucketDao(h);
            if (dao.objectCount(region, bucket.id()) > 0) {
                throw new BucketException(
                        BucketReason.BUCKET_NOT_EMPTY, "bucket '" + name + "' still holds objects; delete them first");
            }
            dao.delete(region, name);
            replication.forget(h, bucket);
        });
        keys.shred(bucket);
    }

    /**
     * Validates and stores a bucket policy: a resource policy (every statement names its Principal) whose resources
     * all lie in this bucket; refused while Block Public Access is on if it grants to everyone.
     */
    public Policy putPolicy(String name, String document) {
        return policies.put(name, document);
    }

    public String policy(String name) {
        return policies.get(name);
    }

    public void deletePolicy(String name) {
        policies.delete(name);
    }

    /**
     * The compiled policy of a bucket for authorization, or null if the bucket does not exist or has none. A stored
     * policy that no longer parses (it was valid when written) is a failure, never "no policy": the caller denies.
     */
    public Policy resourcePolicy(String name) {
        return policies.resourcePolicy(name);
    }

    /** Encrypts and stores an object, replacing any object under the same key. */
    public ObjectSummary put(String name, String key, byte[] content, String contentType) {
        BucketNames.requireKey(key);
        if (content.length > MAX_OBJECT_BYTES) {
            throw new BucketException(
                    BucketReason.OBJECT_TOO_LARGE,
                    "an object has at most " + MAX_OBJECT_BYTES + " bytes, this one " + content.length);
        }
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType.trim();
        if (type.length() > 255 || type.chars().anyMatch(Character::isISOControl)) {
            throw new BucketException(
                    BucketReason.INVALID_CONTENT_TYPE, "contentType must be 1..255 printable characters");
        }
        Bucket bucket = bucket(name);
        replication.requireWritable(bucket);
        return write(bucket, key, content, type);
    }

    /** Encrypts and stores an object of {@code bucket}, queuing it for replication if a rule covers it. */
    ObjectSummary write(Bucket bucket, String key, byte[] content, String contentType) {
        String name = bucket.name();
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        String objectId = UUID.randomUUID().toString();
        byte[] ciphertext = keys.encrypt(bucket, key, objectId, content);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StoredObject row = new StoredObject(
                region,
                bucket.id(),
                key,
                objectId,
                content.length,
                type,
                Base64.getEncoder().encodeToString(ciphertext),
                now.toEpochMilli());
        db.useTransaction(h -> {
            BucketDao dao = new BucketDao(h);
            if (dao.find(region, name).filter(b -> b.id().equals(bucket.id())).isEmpty()) {
                throw new BucketException(BucketReason.NO_SUCH_BUCKET, "no bucket named '" + name + "'");
            }
            if (dao.findObject(region, bucket.id(), key).isEmpty()
                    && dao.objectCount(region, bucket.id()) >= MAX_OBJECTS_PER_BUCKET) {
                throw new BucketException(
                        BucketReason.BUCKET_FULL, "a bucket holds at most " + MAX_OBJECTS_PER_BUCKET + " objects");
            }
            secureDelete(h);
            dao.putObject(row);
            replication.enqueue(h, bucket, key);
        });
        return new ObjectSummary(key, content.length, type, now);
    }

    /** Reads and decrypts an object. */
    public BucketObject get(String name, String key) {
        BucketNames.requireKey(key);
        Bucket bucket = bucket(name);
        StoredObject row = db.read(h -> new BucketDao(h).findObject(region, bucket.id(), key))
                .orElseThrow(() -> noSuchKey(name, key));
        return new BucketObject(
                name,
                new ObjectSummary(key, row.size(), row.contentType(), Instant.ofEpochMilli(row.createdAtMillis())),
                decrypt(bucket, row));
    }

    /** Decrypts a stored row; a row altered or moved to another key or bucket fails (DECRYPTION_FAILED). */
    byte[] decrypt(Bucket bucket, StoredObject row) {
        return keys.decrypt(bucket, row);
    }

    public void deleteObject(String name, String key) {
        BucketNames.requireKey(key);
        Bucket bucket = bucket(name);
        replication.requireWritable(bucket);
        db.useTransaction(h -> {
            secureDelete(h);
            if (new BucketDao(h).deleteObject(region, bucket.id(), key) == 0) {
                throw noSuchKey(name, key);
            }
            replication.enqueue(h, bucket, key);
        });
    }

    /** Removes a replica's object (replication from its source); nothing to remove is no error. */
    void remove(Bucket bucket, String key) {
        db.useTransaction(h -> {
            secureDelete(h);
            new BucketDao(h).deleteObject(region, bucket.id(), key);
        });
    }

    public List<ObjectSummary> list(String name, String prefix, String after, int limit) {
        Bucket bucket = bucket(name);
        return db.read(h -> new BucketDao(h)
                .listObjects(region, bucket.id(), prefix == null ? "" : prefix, after == null ? "" : after, limit));
    }

    /** Retention: deletes, in every bucket with a retention, the objects stored more than its days before {@code now}. */
    public int applyRetention(Instant now) {
        int deleted = 0;
        for (Bucket bucket : list()) {
            if (bucket.retentionDays() != null) {
                long cutoff = now.minus(bucket.retentionDays(), ChronoUnit.DAYS).toEpochMilli();
                deleted += db.inTransaction(h -> {
                    secureDelete(h);
                    return new BucketDao(h).deleteCreatedBefore(region, bucket.id(), cutoff);
                });
            }
        }
        if (deleted > 0) {
            LOG.info("Bucket retention: deleted {} objects", deleted);
        }
        return deleted;
    }

    /** Deleted or replaced contents (ciphertext) should not linger in SQLite's free pages either. */
    private void secureDelete(Handle h) {
        if (db.location().kind() == DatabaseLocation.Kind.SQLITE) {
            h.execute("PRAGMA secure_delete = ON");
        }
    }

    private static BucketException exists(String name) {
        return new BucketException(BucketReason.BUCKET_ALREADY_EXISTS, "a bucket named '" + name + "' already exists");
    }

    private static BucketException noSuchKey(String bucket, String key) {
        return new BucketException(BucketReason.NO_SUCH_KEY, "bucket '" + bucket + "' has no object '" + key + "'");
    }
}
