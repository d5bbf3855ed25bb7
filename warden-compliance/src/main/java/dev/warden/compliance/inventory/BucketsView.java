package dev.warden.compliance.inventory;

import java.util.List;

/** The account's Block Public Access switch, its buckets, and their cross-region replication rules. */
public record BucketsView(boolean blockPublicAccess, List<BucketView> buckets, List<ReplicationView> replication) {
    public BucketsView {
        buckets = List.copyOf(buckets);
        replication = List.copyOf(replication);
    }

    /** Buckets without replication (a node without region links). */
    public BucketsView(boolean blockPublicAccess, List<BucketView> buckets) {
        this(blockPublicAccess, buckets, List.of());
    }

    public static final BucketsView NONE = new BucketsView(true, List.of());
}
