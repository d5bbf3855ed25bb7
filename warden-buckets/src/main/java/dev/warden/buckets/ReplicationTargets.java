package dev.warden.buckets;

/**
 * Where a bucket may replicate to, and how a replica gets there: implemented by the node over its region links, so
 * that this module needs no part of {@code warden-region}. Without links, {@link #NONE} refuses every destination.
 */
public interface ReplicationTargets {
    /**
     * Refuses a destination this region may not replicate to, with {@link BucketReason#RESIDENCY_VIOLATION} when the
     * deployment's jurisdictions keep the two apart and {@link BucketReason#INVALID_REPLICATION_DESTINATION} when it is
     * no active member region (or links are off).
     */
    void requireAllowed(String destination);

    /**
     * Sends one object to {@code destination}, decrypted only to cross the link; {@code content} null sends its
     * deletion. Throws when it did not arrive: a {@link BucketException} for a refusal, anything else to retry.
     */
    void ship(String destination, String bucket, String key, String contentType, byte[] content);

    /** A node without region links: no destination exists. */
    ReplicationTargets NONE = new ReplicationTargets() {
        @Override
        public void requireAllowed(String destination) {
            throw new BucketException(
                    BucketReason.INVALID_REPLICATION_DESTINATION, "this node runs without region links");
        }

        @Override
        public void ship(String destination, String bucket, String key, String contentType, byte[] content) {
            requireAllowed(destination);
        }
    };
}
