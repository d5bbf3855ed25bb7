package dev.warden.telemetry;

import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.gateway.PublishListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@link PublishListener} for device data: keeps each device's publishes to its own
 * {@code devices/<thing>/...} topics, queues them without blocking the broker, and writes them in batches on its own
 * thread through the {@link TelemetryStore}. The queue is bounded: when it is full a message is dropped and counted
 * (the first drop of each overflow is logged), so a burst can cost data but never memory or the broker's latency.
 */
public final class TelemetryRecorder implements PublishListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryRecorder.class);
    private static final String DEVICES = "devices/";
    /**
     * Messages per transaction, and how long a batch may gather after a smaller one. A commit rewrites every page it
     * changed, and each thing's segment lands on its own page of the (region, thing, time) index: with 1,000 devices,
     * a commit every 200 ms or 5,000 messages rewrote about 1,000 index pages each time, and the writer spent most of
     * its time in pwrite, pread (checkpoints) and fsync (23 % of the node's CPU at 44,000 messages/s). So the writer
     * waits {@link #GATHER_MILLIS_PER_SEGMENT} for each segment (each thing) its last commit wrote, between
     * {@link #MIN_GATHER_MILLIS} and {@link #MAX_GATHER_MILLIS}: about 1,000 index pages a second whatever the fleet.
     * A small fleet's messages wait less, so fewer of them are still queued (and copied) when the young generation is
     * collected. Storage lags the broker by up to the longest wait; the queue's default capacity holds more than one.
     */
    static final int MAX_BATCH = 50_000;

    static final long MIN_GATHER_MILLIS = 50;
    static final long MAX_GATHER_MILLIS = 1_000;
    static final long GATHER_MILLIS_PER_SEGMENT = 1;

    private final TelemetryStore store;
    private final BlockingQueue<AcceptedPublish> queue;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean overflowing = new AtomicBoolean();
    private final Thread writer;
    private volatile boolean running = true;

    public TelemetryRecorder(TelemetryStore store, int queueCapacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new Thread(this::writeLoop, "warden-telemetry-writer");
        this.writer.setDaemon(true);
    }

    /** Starts the writer thread. */
    public TelemetryRecorder start() {
        writer.start();
        return this;
    }

    /**
     * Device data is what a device publishes under its own {@code devices/<its name>/} prefix; anything else (an
     * application's commands to a device, shared topics) is routed but not stored.
     */
    static boolean isDeviceData(AcceptedPublish publish) {
        String topic = publish.topic();
        String thing = publish.identity().thingName();
        int end = DEVICES.length() + thing.length();
        // Compared in place: this runs for every message the gateway accepts.
        return topic.length() > end
                && topic.charAt(end) == '/'
                && topic.startsWith(DEVICES)
                && topic.startsWith(thing, DEVICES.length());
    }

    /** A failed-over region's device: its data is kept apart, under its guest name, until it is handed back. */
    private static AcceptedPublish asGuest(AcceptedPublish publish) {
        DeviceIdentity device = publish.identity();
        DeviceIdentity guest = new DeviceIdentity(
                TelemetryStore.guestThing(device.homeRegion(), device.thingName()),
                device.serialHex(),
                device.sha256Fingerprint(),
                device.attributes(),
                device.homeRegion());
        return new AcceptedPublish(
                guest,
                publish.clientId(),
                publish.topic(),
                publish.payload(),
                publish.qos(),
                publish.retain(),
                publish.receivedAtMillis());
    }

    @Override
    public void onPublish(AcceptedPublish publish) {
        if (!isDeviceData(publish)) {
            return;
        }
        accepted.incrementAndGet();
        if (queue.offer(publish.identity().isGuest() ? asGuest(publish) : publish)) {
            return;
        }
        long total = dropped.incrementAndGet();
        if (overflowing.compareAndSet(false, true)) {
            LOG.warn(
                    "Telemetry queue full ({} messages): dropping device messages until the writer catches up "
                            + "({} dropped since start)",
                    queue.size(),
                    total);
        }
    }

    private void writeLoop() {
        List<AcceptedPublish> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                AcceptedPublish first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                int segments = write(batch);
                if (batch.size() < MAX_BATCH && running) {
                    // Let the next batch gather: a writer that polls again at once is woken by nearly every
                    // message under load (a thread switch each) and commits many tiny transactions.
                    Thread.sleep(gatherMillis(segments));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
            if (queue.isEmpty() && overflowing.compareAndSet(true, false)) {
                LOG.info("Telemetry queue drained; {} messages dropped since start", dropped.get());
            }
        }
    }

    /** How long the next batch gathers after a commit of {@code segments} segments. */
    static long gatherMillis(int segments) {
        return Math.max(MIN_GATHER_MILLIS, Math.min(MAX_GATHER_MILLIS, segments * GATHER_MILLIS_PER_SEGMENT));
    }

    /** Stores a batch; returns the segments written (0 if the batch failed). */
    private int write(List<AcceptedPublish> batch) {
        try {
            TelemetryStore.Appended result = store.append(batch);
            stored.addAndGet(result.stored());
            refused.addAndGet(result.refused());
            return result.segments();
        } catch (RuntimeException e) {
            failed.addAndGet(batch.size());
            // The exception's class only: a driver message could quote bound values.
            LOG.error(
                    "Could not store {} telemetry messages ({})",
                    batch.size(),
                    e.getClass().getName());
            return 0;
        }
    }

    public TelemetryCounters counters() {
        return new TelemetryCounters(accepted.get(), stored.get(), dropped.get(), refused.get(), failed.get());
    }

    /** Waits until every accepted message is stored, dropped, refused or failed; false on timeout. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            TelemetryCounters c = counters();
            if (c.stored() + c.dropped() + c.refused() + c.failed() >= c.accepted()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Stops taking messages and writes what is queued (for up to five seconds). */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
            LOG.warn("Telemetry writer did not finish; {} queued messages not stored", queue.size());
        }
    }
}
