package dev.warden.bench.load;

import java.util.List;

/** Opens idle mTLS connections in two steps and reads the broker's memory after each. */
final class IdleMemoryProbe {
    private static final long SETTLE_MILLIS = 3_000;

    private final LoadClient client;
    private final LoopbackSources sources;
    private final int parallelism;

    IdleMemoryProbe(LoadClient client, LoopbackSources sources, int parallelism) {
        this.client = client;
        this.sources = sources;
        this.parallelism = parallelism;
    }

    /** Connects {@code first}, measures, then {@code second} on top, measures again, and closes them all. */
    IdleMemoryResult run(BrokerProcess broker, boolean javaBroker, List<BenchDevice> first, List<BenchDevice> second)
            throws Exception {
        try (ConnectedFleet base = ConnectedFleet.connect(broker, first, client, sources, parallelism)) {
            Reading from = read(broker, javaBroker, base.stillConnected());
            try (ConnectedFleet more = ConnectedFleet.connect(broker, second, client, sources, parallelism)) {
                Reading to = read(broker, javaBroker, base.stillConnected() + more.stillConnected());
                return new IdleMemoryResult(
                        broker.name(),
                        from.connections(),
                        from.rss(),
                        from.liveHeap(),
                        to.connections(),
                        to.rss(),
                        to.liveHeap());
            }
        }
    }

    private static Reading read(BrokerProcess broker, boolean javaBroker, int connections) throws Exception {
        Thread.sleep(SETTLE_MILLIS);
        // For the JVM both readings follow a full GC (which may hand heap back to the OS), so that the two RSS
        // figures are taken in the same state of the heap.
        long heap = javaBroker ? JavaHeap.liveBytes(broker.pid()) : -1;
        if (javaBroker) {
            Thread.sleep(SETTLE_MILLIS);
        }
        return new Reading(connections, ProcessRss.bytes(broker.pid()), heap);
    }

    private record Reading(int connections, long rss, long liveHeap) {}
}
