package dev.warden.bench.load;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Devices publish telemetry to their own topics while one application reads {@code devices/+/telemetry}.
 *
 * <p>Each device has at most one publish outstanding (closed loop: the next one leaves after the PUBACK for QoS 1,
 * after the write for QoS 0) and sends at most {@code ratePerDevice} a second. The cap keeps every device under
 * Warden's per-client publish limit (100/s, burst 200, not configurable), past which the gateway disconnects the
 * client; with enough devices the brokers, not the cap, decide the throughput. The payload carries the send time,
 * so the application measures the end-to-end latency in the same clock.
 */
final class PublishLoadProbe {
    private static final int PAYLOAD_BYTES = 64;
    private static final long PACER_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String broker;
    private final long brokerPid;
    private final List<LoadConnection> devices;
    private final LoadConnection application;
    private final double ratePerDevice;
    /** Set by {@link #stop()} from another thread. */
    private volatile boolean stopped;

    PublishLoadProbe(
            BrokerProcess broker, List<LoadConnection> devices, LoadConnection application, double ratePerDevice) {
        this.broker = broker.name();
        this.brokerPid = broker.pid();
        this.devices = devices;
        this.application = application;
        this.ratePerDevice = ratePerDevice;
    }

    /**
     * Ends a {@link #run} in progress on another thread before its window ends: the load that runs while something
     * else is measured (the monitoring bench's attacks), for as long as that takes. The result then covers the window
     * up to the stop.
     */
    void stop() {
        stopped = true;
    }

    PublishLoadResult run(int qos, Duration warmup, Duration measured) throws InterruptedException {
        WallClockAnchor clocks = WallClockAnchor.now();
        Window window = new Window(clocks.nanoTime() + warmup.toNanos(), measured.toNanos());
        Tally tally = new Tally();
        subscribeApplication(window, tally);

        int n = devices.size();
        long interval = (long) (1e9 / ratePerDevice);
        long[] nextDue = firstDue(n, interval);
        AtomicIntegerArray outstanding = new AtomicIntegerArray(n);
        double brokerCpuAtStart = Double.NaN;
        double generatorCpuAtStart = Double.NaN;
        long now;
        while ((now = System.nanoTime()) < window.end() && !stopped) {
            if (now >= window.start() && Double.isNaN(brokerCpuAtStart)) {
                brokerCpuAtStart = ProcessCpu.millis(brokerPid);
                generatorCpuAtStart = ProcessCpu.millis(ProcessHandle.current().pid());
            }
            Map<Executor, List<Runnable>> due = new IdentityHashMap<>();
            for (int i = 0; i < n; i++) {
                if (nextDue[i] > now || outstanding.get(i) == 1) {
                    continue;
                }
                outstanding.set(i, 1);
                nextDue[i] = Math.max(nextDue[i] + interval, now);
                LoadConnection device = devices.get(i);
                long sent = System.nanoTime();
                due.computeIfAbsent(device.sendExecutor(), e -> new ArrayList<>())
                        .add(publishTask(device, i, sent, qos, window, outstanding, tally));
            }
            // One hand-over per event loop and tick: a task per message woke the generator's loops 80,000 times a
            // second, CPU taken from the broker under test on a shared machine.
            due.forEach((executor, publishes) -> executor.execute(() -> publishes.forEach(Runnable::run)));
            LockSupport.parkNanos(PACER_TICK_NANOS);
        }
        long end = Math.min(now, window.end());
        double brokerCpu = ProcessCpu.millis(brokerPid) - brokerCpuAtStart;
        double generatorCpu = ProcessCpu.millis(ProcessHandle.current().pid()) - generatorCpuAtStart;
        // Let the last messages of the window arrive before counting.
        Thread.sleep(2_000);
        return new PublishLoadResult(
                broker,
                qos,
                n,
                n * ratePerDevice,
                Math.max(0, end - window.start()) / 1e9,
                tally.accepted.sum(),
                tally.failed.sum(),
                tally.acks.percentileMillis(0.50),
                tally.acks.percentileMillis(0.99),
                tally.received.sum(),
                tally.endToEnd.percentileMillis(0.50),
                tally.endToEnd.percentileMillis(0.99),
                application.isConnected(),
                brokerCpu,
                generatorCpu,
                clocks.at(window.start()),
                clocks.at(end));
    }

    /** When each of {@code n} devices first publishes: spread over one interval from now. */
    private static long[] firstDue(int n, long interval) {
        long[] nextDue = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            nextDue[i] = start + interval * i / n; // spread the devices over one interval
        }
        return nextDue;
    }

    /** The application reads every device's telemetry and measures the end-to-end latency of what the window sent. */
    private void subscribeApplication(Window window, Tally tally) {
        application
                .subscribe("devices/+/telemetry", payload -> {
                    long arrived = System.nanoTime();
                    long sent = ByteBuffer.wrap(payload).getLong();
                    if (window.contains(sent)) {
                        tally.received.increment();
                        tally.endToEnd.add(arrived - sent);
                    }
                })
                .join();
    }

    /**
     * One publish of {@code device} (slot {@code slot}), stamped with its send time; its completion frees the slot
     * and, within the window, counts it (and at QoS 1 samples the PUBACK latency).
     */
    private static Runnable publishTask(
            LoadConnection device,
            int slot,
            long sent,
            int qos,
            Window window,
            AtomicIntegerArray outstanding,
            Tally tally) {
        return () -> {
            byte[] payload = ByteBuffer.allocate(PAYLOAD_BYTES).putLong(sent).array();
            device.publish(device.device().telemetryTopic(), payload, qos).whenComplete((ok, failure) -> {
                outstanding.set(slot, 0);
                if (!window.contains(sent)) {
                    return;
                }
                if (failure != null) {
                    tally.failed.increment();
                    return;
                }
                tally.accepted.increment();
                if (qos == LoadConnection.AT_LEAST_ONCE) {
                    tally.acks.add(System.nanoTime() - sent);
                }
            });
        };
    }

    /** What one run counts and samples: the send loop's completions and the application's receipts. */
    private static final class Tally {
        final LatencySamples acks = new LatencySamples();
        final LatencySamples endToEnd = new LatencySamples();
        final LongAdder accepted = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder received = new LongAdder();
    }

    /** The measured interval of send times, after the warm-up. */
    private record Window(long start, long length) {
        long end() {
            return start + length;
        }

        boolean contains(long sentNanos) {
            return sentNanos >= start && sentNanos < start + length;
        }
    }
}
