package dev.warden.bench.load;

/**
 * The broker's memory at two counts of idle mTLS connections. The per-connection figure is the slope between them,
 * so that neither the process's fixed footprint nor memory kept from earlier rounds (Mosquitto's allocator and the
 * JVM's heap both keep what they once grew to) is charged to the connections.
 *
 * @param liveHeapFromBytes live Java heap after a full GC at the first count; -1 for a native broker
 */
record IdleMemoryResult(
        String broker,
        int fromConnections,
        long rssFromBytes,
        long liveHeapFromBytes,
        int toConnections,
        long rssToBytes,
        long liveHeapToBytes) {

    double rssKibPerConnection() {
        return (rssToBytes - rssFromBytes) / 1024.0 / (toConnections - fromConnections);
    }

    /** NaN for a native broker. */
    double liveHeapKibPerConnection() {
        if (liveHeapFromBytes < 0) {
            return Double.NaN;
        }
        return (liveHeapToBytes - liveHeapFromBytes) / 1024.0 / (toConnections - fromConnections);
    }
}
