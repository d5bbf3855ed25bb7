package dev.warden.buckets;

import java.time.Instant;

/**
 * A bucket as stored. {@code id} is fresh for each bucket ever created, so a bucket re-created under a deleted one's
 * name gets a new data key (the old one stays shredded). {@code policy} is the resource policy JSON or null;
 * {@code retentionDays} null keeps objects until deleted.
 */
public record Bucket(
        String name, String id, String wrappedKey, String policy, Integer retentionDays, Instant createdAt) {
    /** The KMS owner of the bucket's data: what deleting the bucket shreds. */
    String owner() {
        return "bucket/" + name + "/" + id;
    }
}
