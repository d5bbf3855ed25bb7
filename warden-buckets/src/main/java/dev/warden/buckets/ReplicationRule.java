package dev.warden.buckets;

import java.time.Instant;

/** A bucket's replication rule: objects whose key starts with {@code prefix} (empty: all) go to {@code destination}. */
public record ReplicationRule(String bucket, String destination, String prefix, Instant createdAt) {}
