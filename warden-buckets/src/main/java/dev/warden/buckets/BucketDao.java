package dev.warden.buckets;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code buckets}, {@code bucket_objects} and {@code account_settings}. */
final class BucketDao {
    private static final String BUCKET_COLUMNS = "name, bucket_id, wrapped_key, policy, retention_days, created_at";
    private static final String OBJECT_COLUMNS =
            "region, bucket_id, object_key, object_id, size, content_type, " + "ciphertext, created_at";

    private final Handle handle;

    BucketDao(Handle handle) {
        this.handle = handle;
    }

    Optional<Bucket> find(String region, String name) {
        return handle.createQuery("SELECT " + BUCKET_COLUMNS + " FROM buckets WHERE region = :region AND name = :name")
                .bind("region", region)
                .bind("name", name)
                .map((rs, ctx) -> bucket(rs))
                .findOne();
    }

    List<Bucket> list(String region) {
        return handle.createQuery("SELECT " + BUCKET_COLUMNS + " FROM buckets WHERE region = :region ORDER BY name")
                .bind("region", region)
                .map((rs, ctx) -> bucket(rs))
                .list();
    }

    int count(String region) {
        return handle.createQuery("SELECT COUNT(*) FROM buckets WHERE region = :region")
                .bind("region", region)
                .mapTo(Integer.class)
                .one();
    }

    void insert(String region, Bucket b) {
        handle.createUpdate("INSERT INTO buckets (region, " + BUCKET_COLUMNS
                        + ") VALUES (:region, :name, :id, :wrapped, " + ":policy, :retention, :created)")
                .bind("region", region)
                .bind("name", b.name())
                .bind("id", b.id())
                .bind("wrapped", b.wrappedKey())
                .bind("policy", b.policy())
                .bind("retention", b.retentionDays())
                .bind("created", b.createdAt().toEpochMilli())
                .execute();
    }

    void setPolicy(String region, String name, String policy) {
        handle.createUpdate("UPDATE buckets SET policy = :policy WHERE region = :region AND name = :name")
                .bind("policy", policy)
                .bind("region", region)
                .bind("name", name)
                .execute();
    }

    void delete(String region, String name) {
        handle.createUpdate("DELETE FROM buckets WHERE region = :region AND name = :name")
                .bind("region", region)
                .bind("name", name)
                .execute();
    }

    List<String> withPolicy(String region) {
        return handle.createQuery(
                        "SELECT name FROM buckets WHERE region = :region AND policy IS NOT NULL ORDER BY name")
                .bind("region", region)
                .mapTo(String.class)
                .list();
    }

    int objectCount(String region, String bucketId) {
        return handle.createQuery("SELECT COUNT(*) FROM bucket_objects WHERE region = :region AND bucket_id = :id")
                .bind("region", region)
                .bind("id", bucketId)
                .mapTo(Integer.class)
                .one();
    }

    /** Inserts or replaces the object under its key (S3: a PUT overwrites). */
    void putObject(StoredObject o) {
        deleteObject(o.region(), o.bucketId(), o.key());
        handle.createUpdate("INSERT INTO bucket_objects (" + OBJECT_COLUMNS
                        + ") VALUES (:region, :id, :key, :objectId, " + ":size, :type, :ciphertext, :created)")
                .bind("region", o.region())
                .bind("id", o.bucketId())
                .bind("key", o.key())
                .bind("objectId", o.objectId())
                .bind("size", o.size())
                .bind("type", o.contentType())
                .bind("ciphertext", o.ciphertextBase64())
                .bind("created", o.createdAtMillis())
                .execute();
    }

    Optional<StoredObject> findObject(String region, String bucketId, String key) {
        return handle.createQuery("SELECT " + OBJECT_COLUMNS + " FROM bucket_objects WHERE region = :region "
                        + "AND bucket_id = :id AND object_key = :key")
                .bind("region", region)
                .bind("id", bucketId)
                .bind("key", key)
                .map((rs, ctx) -> new StoredObject(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getLong(8)))
                .findOne();
    }

    /** Object metadata with keys starting with {@code prefix}, in key order, after {@code after}. */
    List<ObjectSummary> listObjects(String region, String bucketId, String prefix, String after, int limit) {
        return handle.createQuery("SELECT object_key, size, content_type, created_at FROM bucket_objects "
                        + "WHERE region = :region AND bucket_id = :id AND object_key > :after "
                        + "AND substr(object_key, 1, :prefixLength) = :prefix ORDER BY object_key LIMIT :limit")
                .bind("region", region)
                .bind("id", bucketId)
                .bind("after", after)
                .bind("prefix", prefix)
                .bind("prefixLength", prefix.length())
                .bind("limit", limit)
                .map((rs, ctx) -> new ObjectSummary(
                        rs.getString(1), rs.getLong(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))))
                .list();
    }

    int deleteObject(String region, String bucketId, String key) {
        return handle.createUpdate("DELETE FROM bucket_objects WHERE region = :region AND bucket_id = :id "
                        + "AND object_key = :key")
                .bind("region", region)
                .bind("id", bucketId)
                .bind("key", key)
                .execute();
    }

    int deleteCreatedBefore(String region, String bucketId, long cutoffMillis) {
        return handle.createUpdate("DELETE FROM bucket_objects WHERE region = :region AND bucket_id = :id "
                        + "AND created_at < :cutoff")
                .bind("region", region)
                .bind("id", bucketId)
                .bind("cutoff", cutoffMillis)
                .execute();
    }

    Optional<String> setting(String region, String account, String name) {
        return handle.createQuery("SELECT value FROM account_settings WHERE region = :region AND account = :account "
                        + "AND name = :name")
                .bind("region", region)
                .bind("account", account)
                .bind("name", name)
                .mapTo(String.class)
                .findOne();
    }

    void putSetting(String region, String account, String name, String value, Instant now) {
        handle.createUpdate(
                        "DELETE FROM account_settings WHERE region = :region AND account = :account AND name = :name")
                .bind("region", region)
                .bind("account", account)
                .bind("name", name)
                .execute();
        handle.createUpdate("INSERT INTO account_settings (region, account, name, value, updated_at) "
                        + "VALUES (:region, :account, :name, :value, :now)")
                .bind("region", region)
                .bind("account", account)
                .bind("name", name)
                .bind("value", value)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    private static Bucket bucket(java.sql.ResultSet rs) throws java.sql.SQLException {
        int retention = rs.getInt(5);
        Integer retentionDays = rs.wasNull() ? null : retention;
        return new Bucket(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                retentionDays,
                Instant.ofEpochMilli(rs.getLong(6)));
    }
}
