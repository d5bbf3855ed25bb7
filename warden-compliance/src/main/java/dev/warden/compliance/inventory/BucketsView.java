package dev.warden.compliance.inventory;

import java.util.List;

/** The account's Block Public Access switch and its buckets. */
public record BucketsView(boolean blockPublicAccess, List<BucketView> buckets) {
    public BucketsView {
        buckets = List.copyOf(buckets);
    }

    public static final BucketsView NONE = new BucketsView(true, List.of());
}
