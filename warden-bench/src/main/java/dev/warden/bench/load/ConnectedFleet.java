package dev.warden.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Devices connected to one broker. {@link #connect} opens them with bounded parallelism (a fleet reconnecting after an
 * outage is throttled by its own backoff, not all at once) and times the whole setup.
 */
final class ConnectedFleet implements AutoCloseable {
    private final List<LoadConnection> connections;
    private final ConnectionSetupResult setup;

    private ConnectedFleet(List<LoadConnection> connections, ConnectionSetupResult setup) {
        this.connections = connections;
        this.setup = setup;
    }

    static ConnectedFleet connect(
            BrokerProcess broker,
            List<BenchDevice> devices,
            LoadClient client,
            LoopbackSources sources,
            int parallelism)
            throws InterruptedException {
        sources.newRound();
        List<LoadConnection> prepared = new ArrayList<>(devices.size());
        for (BenchDevice device : devices) {
            prepared.add(client.open(device, broker.mqttPort(), sources.next()));
        }
        return connect(broker, prepared, parallelism);
    }

    /** Connects connections opened by the caller (who chose their source addresses). */
    static ConnectedFleet connect(BrokerProcess broker, List<LoadConnection> prepared, int parallelism)
            throws InterruptedException {
        Semaphore slots = new Semaphore(parallelism);
        LatencySamples latencies = new LatencySamples();
        ConcurrentLinkedQueue<LoadConnection> connected = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<Void>> attempts = new ArrayList<>(prepared.size());
        double brokerCpuBefore = ProcessCpu.millis(broker.pid());
        double ownCpuBefore = ProcessCpu.millis(ProcessHandle.current().pid());
        long start = System.nanoTime();
        for (LoadConnection connection : prepared) {
            slots.acquire();
            long begun = System.nanoTime();
            attempts.add(connection
                    .connect()
                    .whenComplete((ok, failure) -> {
                        slots.release();
                        if (failure == null) {
                            latencies.add(System.nanoTime() - begun);
                            connected.add(connection);
                        } else if (failures.incrementAndGet() <= 3) {
                            System.err.printf(
                                    "  %s: %s refused: %s%n",
                                    broker.name(), connection.device().name(), failure);
                        }
                    })
                    .exceptionally(failure -> null));
        }
        CompletableFuture.allOf(attempts.toArray(new CompletableFuture[0])).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        double brokerCpu = ProcessCpu.millis(broker.pid()) - brokerCpuBefore;
        double ownCpu = ProcessCpu.millis(ProcessHandle.current().pid()) - ownCpuBefore;
        ConnectionSetupResult setup = new ConnectionSetupResult(
                broker.name(),
                prepared.size(),
                connected.size(),
                parallelism,
                seconds,
                latencies.percentileMillis(0.50),
                latencies.percentileMillis(0.99),
                brokerCpu,
                ownCpu);
        return new ConnectedFleet(new ArrayList<>(connected), setup);
    }

    ConnectionSetupResult setup() {
        return setup;
    }

    List<LoadConnection> connections() {
        return connections;
    }

    int stillConnected() {
        return (int) connections.stream().filter(LoadConnection::isConnected).count();
    }

    @Override
    public void close() {
        CompletableFuture<?>[] closing =
                connections.stream().map(LoadConnection::disconnect).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("  some connections did not close cleanly: " + e);
        }
    }
}
