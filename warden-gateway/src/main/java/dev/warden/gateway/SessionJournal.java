package dev.warden.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the broker's session changes to the {@link SessionStore} on a thread of its own, in batches, so the broker
 * thread never waits for storage. Acknowledgements that promise durability (a PUBACK or PUBREC for a message now
 * held by a persistent session) are queued behind the changes they depend on and sent once the batch holding them is
 * written.
 *
 * <p>The queue is not bounded by a count: every change comes from a QoS 1/2 delivery to a session already bounded
 * by its queue and in-flight limits, from a client's own SUBSCRIBE/CONNECT/disconnect (a waiting will), or from a
 * retained PUBLISH; a publisher whose messages cause writes gets its acknowledgements only after they are written,
 * so its in-flight window throttles it. Retained QoS 0 publishes have no acknowledgement to hold back: they are
 * bounded by the per-connection publish rate of the firewall rules only.
 */
final class SessionJournal {
    private static final Logger LOG = LoggerFactory.getLogger(SessionJournal.class);
    static final int MAX_BATCH = 1000;

    /**
     * A change to write, or (change null) callbacks to run once everything queued before them is processed:
     * {@code failed} if any change from position {@code since} on could not be written.
     */
    private record Entry(long position, SessionChange change, long since, Runnable durable, Runnable failed) {}

    private final SessionStore store;
    private final boolean enabled;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Position of the last entry of the last batch that failed; writer thread only. */
    private long lastFailedPosition = -1;

    private final Thread writer;
    private volatile boolean running = true;
    /** The next message number; broker thread only. */
    private long nextSeq = 1;

    SessionJournal(SessionStore store) {
        this.store = store;
        this.enabled = store.durable();
        this.writer = new Thread(this::writeLoop, "mqtt-session-writer");
        this.writer.setDaemon(true);
    }

    void start() {
        if (enabled) {
            writer.start();
        }
    }

    /** Whether changes are kept at all ({@link SessionStore#NONE} keeps none). */
    boolean enabled() {
        return enabled;
    }

    /** Broker thread. */
    void record(SessionChange change) {
        if (!enabled) {
            return;
        }
        enqueue(change, -1, null, null);
    }

    /**
     * Broker thread: how many entries were queued so far. Two readings around a task differ if the task recorded
     * a change; the first reading is what {@link #afterDurable} depends on.
     */
    long position() {
        return queued.get();
    }

    /** Broker thread: a fresh message number. */
    long nextSeq() {
        return nextSeq++;
    }

    /** Broker thread, while restoring: numbers already taken by stored messages are never handed out again. */
    void seqAtLeast(long seq) {
        nextSeq = Math.max(nextSeq, seq + 1);
    }

    /**
     * Broker thread: runs {@code durable} once every change recorded so far is written, or {@code failed} if one
     * recorded at {@link #position()} {@code since} or later could not be written.
     */
    void afterDurable(long since, Runnable durable, Runnable failed) {
        if (!enabled) {
            durable.run();
            return;
        }
        enqueue(null, since, durable, failed);
    }

    /** Store failures since start. */
    long failures() {
        return failures.get();
    }

    /** Waits until everything queued so far is written (or failed); false on timeout. */
    boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long target = queued.get();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (done.get() < target) {
            if (System.nanoTime() > deadline || !writer.isAlive()) {
                return done.get() >= target;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Writes what is queued (for up to five seconds), then stops. */
    void close() {
        running = false;
        if (!writer.isAlive()) {
            return;
        }
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
            LOG.warn("Session writer did not finish; {} session changes not stored", queue.size());
        }
    }

    private void enqueue(SessionChange change, long since, Runnable durable, Runnable failed) {
        queue.add(new Entry(queued.getAndIncrement(), change, since, durable, failed));
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                done.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    private void write(List<Entry> batch) {
        List<SessionChange> changes = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            if (e.change() != null) {
                changes.add(e.change());
            }
        }
        if (!changes.isEmpty()) {
            try {
                store.write(changes);
            } catch (RuntimeException e) {
                lastFailedPosition = batch.get(batch.size() - 1).position();
                failures.incrementAndGet();
                // The exception's class only: a driver message could quote bound values.
                LOG.error(
                        "Could not store {} session changes ({}); those messages are held in memory only",
                        changes.size(),
                        e.getClass().getName());
            }
        }
        for (Entry e : batch) {
            if (e.change() != null) {
                continue;
            }
            // Entries are written in order: by now every change before this one was either written or failed.
            Runnable callback = lastFailedPosition >= e.since() ? e.failed() : e.durable();
            if (callback != null) {
                try {
                    callback.run();
                } catch (RuntimeException ex) {
                    LOG.error("Session write callback failed", ex);
                }
            }
        }
    }
}
