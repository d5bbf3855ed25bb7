package dev.warden.tuf.client;

/**
 * The bounds the specification leaves to the application (the W, X, Y and Z of section 5), against endless-data and
 * slow-retrieval attacks. Defaults are tuf-js's.
 *
 * @param maxRootRotations how many new root versions one update may walk through
 * @param rootMaxLength bytes of one root file
 * @param timestampMaxLength bytes of timestamp.json
 * @param snapshotMaxLength bytes of the snapshot when the timestamp does not give its length
 * @param targetsMaxLength bytes of a targets file when the snapshot does not give its length
 * @param maxDelegations how many targets roles one target search may visit
 */
public record TufLimits(
        int maxRootRotations,
        long rootMaxLength,
        long timestampMaxLength,
        long snapshotMaxLength,
        long targetsMaxLength,
        int maxDelegations) {
    public TufLimits {
        if (maxRootRotations < 1
                || rootMaxLength < 1
                || timestampMaxLength < 1
                || snapshotMaxLength < 1
                || targetsMaxLength < 1
                || maxDelegations < 1) {
            throw new IllegalArgumentException("every TUF limit must be positive");
        }
    }

    public static TufLimits defaults() {
        return new TufLimits(256, 512_000, 16_384, 2_000_000, 5_000_000, 32);
    }
}
