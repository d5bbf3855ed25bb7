package dev.warden.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The time for a fleet to reconnect after a broker restart (issue 3): the devices connect (bounded parallelism, as in
 * the other rounds), the broker is restarted on the same port and data, and every device reconnects by itself with
 * jitter and backoff ({@link ReconnectingDevice}); nothing paces them but their own backoff, as in the field.
 */
final class ReconnectProbe {
    private static final long GIVE_UP_MINUTES = 10;

    private final LoadClient client;
    private final LoopbackSources sources;
    private final int parallelism;
    private final int jitterMillis;

    ReconnectProbe(LoadClient client, LoopbackSources sources, int parallelism, int jitterMillis) {
        this.client = client;
        this.sources = sources;
        this.parallelism = parallelism;
        this.jitterMillis = jitterMillis;
    }

    ReconnectResult run(BrokerProcess broker, List<BenchDevice> devices) throws Exception {
        ScheduledExecutorService timers = timers();
        List<ReconnectingDevice> fleet = new ArrayList<>();
        try {
            sources.newRound();
            // An address of its own for the port watch; the devices start on a fresh one.
            var watchSource = sources.next();
            sources.newRound();
            CountDownLatch back = new CountDownLatch(devices.size());
            ReconnectingDevice.Shared shared =
                    new ReconnectingDevice.Shared(client, broker.mqttPort(), timers, jitterMillis, back);
            ConnectionSetupResult initial = connectFleet(broker, devices, shared, back, fleet);
            System.out.printf("  reconnect %-9s %d connected (%s), restarting%n", broker.name(), fleet.size(), initial);
            Thread.sleep(2_000);
            fleet.forEach(ReconnectingDevice::watch);

            long oldPid = broker.pid();
            double generatorBefore = ProcessCpu.millis(ProcessHandle.current().pid());
            long restartAt = System.nanoTime();
            PortWatch watch = PortWatch.start(oldPid, broker.mqttPort(), watchSource);
            CompletableFuture<PortOpen> portOpen = watch.open().thenApply(at -> {
                shared.portOpenAt().set(at);
                return new PortOpen(at, ProcessCpu.millis(newPid(broker, oldPid)));
            });
            broker.restart();
            PortOpen open = portOpen.get(1, TimeUnit.MINUTES);
            long exitedAt = watch.exited().join();
            boolean allBack = back.await(GIVE_UP_MINUTES, TimeUnit.MINUTES);
            double brokerCpu = ProcessCpu.millis(broker.pid()) - open.brokerCpuMillis();
            double generatorCpu = ProcessCpu.millis(ProcessHandle.current().pid()) - generatorBefore;

            LatencySamples perDevice = reconnectTimes(fleet);
            long lastBack = lastBack(fleet);
            double allBackMillis = allBack ? (lastBack - restartAt) / 1e6 : Double.NaN;
            double afterOpenMillis = allBack ? (lastBack - open.at()) / 1e6 : Double.NaN;
            return new ReconnectResult(
                    broker.name(),
                    initial,
                    fleet.size(),
                    perDevice.count(),
                    (exitedAt - restartAt) / 1e6,
                    (open.at() - restartAt) / 1e6,
                    allBackMillis,
                    afterOpenMillis,
                    perDevice.percentileMillis(0.50),
                    perDevice.percentileMillis(0.99),
                    shared.failedAttempts().sum(),
                    failuresAfterOpen(shared),
                    shared.droppedAgain().sum(),
                    brokerCpu,
                    generatorCpu);
        } finally {
            closeAll(fleet);
            timers.shutdownNow();
        }
    }

    private static ScheduledExecutorService timers() {
        return Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "reconnect-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects every device once (bounded parallelism) and adds those that connected to {@code fleet}; a device that
     * did not is counted down from {@code back} at once, as it is not part of the measurement.
     */
    private ConnectionSetupResult connectFleet(
            BrokerProcess broker,
            List<BenchDevice> devices,
            ReconnectingDevice.Shared shared,
            CountDownLatch back,
            List<ReconnectingDevice> fleet)
            throws Exception {
        List<LoadConnection> first = new ArrayList<>();
        List<ReconnectingDevice> all = new ArrayList<>();
        for (BenchDevice device : devices) {
            ReconnectingDevice reconnecting = new ReconnectingDevice(device, sources.next(), shared);
            all.add(reconnecting);
            first.add(reconnecting.open());
        }
        ConnectionSetupResult initial =
                ConnectedFleet.connect(broker, first, parallelism).setup();
        for (int i = 0; i < all.size(); i++) {
            if (first.get(i).isConnected()) {
                fleet.add(all.get(i));
            } else {
                back.countDown(); // not part of the measurement
            }
        }
        return initial;
    }

    /** Each device's time from the restart to its reconnection (devices that never came back left out). */
    private static LatencySamples reconnectTimes(List<ReconnectingDevice> fleet) {
        LatencySamples perDevice = new LatencySamples();
        for (ReconnectingDevice device : fleet) {
            if (device.reconnectNanos() >= 0) {
                perDevice.add(device.reconnectNanos());
            }
        }
        return perDevice;
    }

    /** When the last device that came back did (nanoTime), 0 when none did. */
    private static long lastBack(List<ReconnectingDevice> fleet) {
        long lastBack = 0;
        for (ReconnectingDevice device : fleet) {
            if (device.reconnectNanos() >= 0) {
                lastBack = Math.max(lastBack, device.backAt());
            }
        }
        return lastBack;
    }

    private static void closeAll(List<ReconnectingDevice> fleet) {
        CompletableFuture<?>[] closing =
                fleet.stream().map(ReconnectingDevice::close).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("  some connections did not close cleanly: " + e);
        }
    }

    /** Why attempts failed once the port was open, most frequent first. */
    private static Map<String, Long> failuresAfterOpen(ReconnectingDevice.Shared shared) {
        Map<String, Long> causes = new LinkedHashMap<>();
        shared.causesAfterOpen().entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(entry -> causes.put(entry.getKey(), entry.getValue().sum()));
        return causes;
    }

    /** The restarted process's pid: the broker object may learn it a moment after the port watch saw it listen. */
    private static long newPid(BrokerProcess broker, long oldPid) {
        long pid;
        while ((pid = broker.pid()) == oldPid) {
            Thread.onSpinWait();
        }
        return pid;
    }

    private record PortOpen(long at, double brokerCpuMillis) {}
}
