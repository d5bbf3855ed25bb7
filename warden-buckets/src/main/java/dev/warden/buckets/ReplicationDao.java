package dev.warden.buckets;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code bucket_replication}, {@code bucket_replicas} and {@code bucket_replication_outbox}. */
final class ReplicationDao {
    /** One outbox row: an object key to bring up to date in a destination. */
    record Pending(String bucketId, String bucket, String key, String destination, String version, int attempts) {}

    private final Handle handle;

    ReplicationDao(Handle handle) {
        this.handle = handle;
    }

    Optional<ReplicationRule> rule(String region, Bucket bucket) {
        return handle.createQuery("SELECT destination, prefix, created_at FROM bucket_replication"
                        + " WHERE region = :region AND bucket_id = :id")
                .bind("region", region)
                .bind("id", bucket.id())
                .map((rs, ctx) ->
                        new ReplicationRule(bucket.name(), rs.getString(1), rs.getString(2), at(rs.getLong(3))))
                .findOne();
    }

    void putRule(String region, Bucket bucket, ReplicationRule rule) {
        deleteRule(region, bucket.id());
        handle.createUpdate("INSERT INTO bucket_replication (region, bucket_id, destination, prefix, created_at)"
                        + " VALUES (:region, :id, :destination, :prefix, :created)")
                .bind("region", region)
                .bind("id", bucket.id())
                .bind("destination", rule.destination())
                .bind("prefix", rule.prefix())
                .bind("created", rule.createdAt().toEpochMilli())
                .execute();
    }

    int deleteRule(String region, String bucketId) {
        return handle.createUpdate("DELETE FROM bucket_replication WHERE region = :region AND bucket_id = :id")
                .bind("region", region)
                .bind("id", bucketId)
                .execute();
    }

    Optional<String> replicaSource(String region, String bucketId) {
        return handle.createQuery(
                        "SELECT source_region FROM bucket_replicas WHERE region = :region AND bucket_id = :id")
                .bind("region", region)
                .bind("id", bucketId)
                .mapTo(String.class)
                .findOne();
    }

    void markReplica(String region, String bucketId, String sourceRegion, Instant at) {
        handle.createUpdate("INSERT INTO bucket_replicas (region, bucket_id, source_region, created_at)"
                        + " VALUES (:region, :id, :source, :at)")
                .bind("region", region)
                .bind("id", bucketId)
                .bind("source", sourceRegion)
                .bind("at", at.toEpochMilli())
                .execute();
    }

    /** Queues {@code key} for {@code destination}, replacing a row not yet sent: the newest state is what is sent. */
    void enqueue(String region, Bucket bucket, String key, String destination, String version, Instant now) {
        handle.createUpdate("DELETE FROM bucket_replication_outbox WHERE region = :region AND bucket_id = :id"
                        + " AND object_key = :key AND destination = :destination")
                .bind("region", region)
                .bind("id", bucket.id())
                .bind("key", key)
                .bind("destination", destination)
                .execute();
        handle.createUpdate("INSERT INTO bucket_replication_outbox (region, bucket_id, bucket, object_key, destination,"
                        + " version, attempts, next_attempt_at, last_error, queued_at) VALUES (:region, :id, :bucket,"
                        + " :key, :destination, :version, 0, :now, NULL, :now)")
                .bind("region", region)
                .bind("id", bucket.id())
                .bind("bucket", bucket.name())
                .bind("key", key)
                .bind("destination", destination)
                .bind("version", version)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    List<Pending> due(String region, Instant now, int limit) {
        return handle.createQuery("SELECT bucket_id, bucket, object_key, destination, version, attempts"
                        + " FROM bucket_replication_outbox WHERE region = :region AND next_attempt_at <= :now"
                        + " ORDER BY queued_at LIMIT :limit")
                .bind("region", region)
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> new Pending(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6)))
                .list();
    }

    /** Removes a row that was sent, unless the key changed meanwhile (a newer version is still to send). */
    void done(String region, Pending p) {
        handle.createUpdate("DELETE FROM bucket_replication_outbox WHERE region = :region AND bucket_id = :id"
                        + " AND object_key = :key AND destination = :destination AND version = :version")
                .bind("region", region)
                .bind("id", p.bucketId())
                .bind("key", p.key())
                .bind("destination", p.destination())
                .bind("version", p.version())
                .execute();
    }

    void retryLater(String region, Pending p, Instant next, String error) {
        handle.createUpdate("UPDATE bucket_replication_outbox SET attempts = attempts + 1, next_attempt_at = :next,"
                        + " last_error = :error WHERE region = :region AND bucket_id = :id AND object_key = :key"
                        + " AND destination = :destination AND version = :version")
                .bind("next", next.toEpochMilli())
                .bind("error", error)
                .bind("region", region)
                .bind("id", p.bucketId())
                .bind("key", p.key())
                .bind("destination", p.destination())
                .bind("version", p.version())
                .execute();
    }

    int pending(String region, String bucketId) {
        return handle.createQuery(
                        "SELECT COUNT(*) FROM bucket_replication_outbox WHERE region = :region AND bucket_id = :id")
                .bind("region", region)
                .bind("id", bucketId)
                .mapTo(Integer.class)
                .one();
    }

    Optional<String> lastError(String region, String bucketId) {
        return handle.createQuery("SELECT last_error FROM bucket_replication_outbox WHERE region = :region"
                        + " AND bucket_id = :id AND last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1")
                .bind("region", region)
                .bind("id", bucketId)
                .mapTo(String.class)
                .findOne();
    }

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }
}
