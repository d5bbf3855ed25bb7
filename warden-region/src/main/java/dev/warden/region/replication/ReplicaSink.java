package dev.warden.region.replication;

/**
 * Where a destination region keeps the replicas it receives: implemented by the node with its bucket store, which
 * encrypts each under the destination's own data key. Refusals are the store's own exceptions.
 */
public interface ReplicaSink {
    /** Stores (or replaces) object {@code key} of bucket {@code bucket}, a replica of {@code sourceRegion}'s. */
    void put(String sourceRegion, String bucket, String key, String contentType, byte[] content);

    /** Removes the replica of a deleted object; nothing to remove is no error. */
    void delete(String sourceRegion, String bucket, String key);
}
