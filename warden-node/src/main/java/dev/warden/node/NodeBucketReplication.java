package dev.warden.node;

import dev.warden.buckets.BucketException;
import dev.warden.buckets.BucketReason;
import dev.warden.buckets.BucketStore;
import dev.warden.buckets.ReplicationTargets;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.link.LinkClient;
import dev.warden.region.replication.ObjectReplication;
import dev.warden.region.replication.ReplicaSink;

/**
 * Joins buckets to region links for replication, so that neither module depends on the other: the bucket store
 * learns where it may replicate and ships replicas through {@link ObjectReplication}, and the link hands received
 * replicas to the bucket store. Each side's refusals are translated into the other's reasons.
 */
final class NodeBucketReplication implements ReplicationTargets, ReplicaSink {
    private final ObjectReplication link;
    private final BucketStore buckets;

    private NodeBucketReplication(ObjectReplication link, BucketStore buckets) {
        this.link = link;
        this.buckets = buckets;
    }

    /** Starts replication of {@code buckets} over {@code link}, both ways. */
    static void start(ObjectReplication link, BucketStore buckets) {
        NodeBucketReplication joined = new NodeBucketReplication(link, buckets);
        link.serve(joined);
        buckets.replication().start(joined);
    }

    @Override
    public void requireAllowed(String destination) {
        try {
            link.requireAllowed(destination);
        } catch (RegionException e) {
            throw translate(e);
        }
    }

    @Override
    public void ship(String destination, String bucket, String key, String contentType, byte[] content) {
        try {
            link.send(destination, bucket, key, contentType, content);
        } catch (RegionException e) {
            throw translate(e);
        } finally {
            if (content != null) {
                java.util.Arrays.fill(content, (byte) 0);
            }
        }
    }

    @Override
    public void put(String sourceRegion, String bucket, String key, String contentType, byte[] content) {
        try {
            buckets.replication().receive(sourceRegion, bucket, key, contentType, content);
        } catch (BucketException e) {
            throw refused(e);
        }
    }

    @Override
    public void delete(String sourceRegion, String bucket, String key) {
        try {
            buckets.replication().receiveDelete(sourceRegion, bucket, key);
        } catch (BucketException e) {
            throw refused(e);
        }
    }

    private static BucketException translate(RegionException e) {
        if (e.reason() == RegionReason.RESIDENCY_VIOLATION) {
            return new BucketException(BucketReason.RESIDENCY_VIOLATION, e.getMessage());
        }
        if (LinkClient.unreachable(e)) {
            return new BucketException(BucketReason.REPLICATION_DESTINATION_UNREACHABLE, e.getMessage());
        }
        return new BucketException(BucketReason.INVALID_REPLICATION_DESTINATION, e.getMessage());
    }

    /** The destination's bucket store refused: reported to the source as a link refusal, with the store's code. */
    private static RegionException refused(BucketException e) {
        return new RegionException(RegionReason.INVALID_REQUEST, e.code() + ": " + e.getMessage());
    }
}
