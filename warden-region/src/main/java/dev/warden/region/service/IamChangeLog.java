package dev.warden.region.service;

import dev.warden.region.core.ChangeChain;
import dev.warden.region.core.ChangeEntry;
import dev.warden.region.core.RowChange;
import dev.warden.region.core.RowDiff;
import dev.warden.region.store.IamTables;
import dev.warden.region.store.RegionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control region's IAM change log. After every IAM change (and once a second, for changes made by other paths)
 * it reads the replicated tables, diffs them against the state the log already describes, and appends the
 * difference as the next entry, hash-linked and signed. Members wait on {@link #after} for what they have not seen.
 */
public final class IamChangeLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IamChangeLog.class);
    /** How many entries one reply carries at most. */
    public static final int BATCH = 500;

    private final RegionStore store;
    private final ChangeSigner signer;
    private final Clock clock;
    private final Object monitor = new Object();
    private Map<String, SortedMap<String, Map<String, Object>>> described;
    private long lastSeq;
    private String lastHash = ChangeChain.GENESIS;
    private boolean signalled;
    private volatile boolean running;
    private Thread thread;

    public IamChangeLog(RegionStore store, ChangeSigner signer, Clock clock) {
        this.store = store;
        this.signer = signer;
        this.clock = clock;
    }

    /** Replays the stored log into the state it describes, then captures changes on its own thread. */
    public IamChangeLog start() {
        described = new java.util.TreeMap<>();
        long seq = 0;
        List<ChangeEntry> batch;
        do {
            batch = store.changesAfter(seq, BATCH);
            for (ChangeEntry entry : batch) {
                described = RowDiff.apply(IamTables.ALL, described, ChangeBodies.read(entry.body()));
                lastSeq = entry.seq();
                lastHash = entry.hash();
                seq = entry.seq();
            }
        } while (batch.size() == BATCH);
        running = true;
        thread = new Thread(this::loop, "warden-region-iam-log");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Something may have changed IAM: capture soon. Returns at once. */
    public void signal() {
        synchronized (monitor) {
            signalled = true;
            monitor.notifyAll();
        }
    }

    /** The last sequence number written. */
    public long lastSeq() {
        synchronized (monitor) {
            return lastSeq;
        }
    }

    /** Entries after {@code seq}; when there are none yet, waits up to {@code wait} for one. */
    public List<ChangeEntry> after(long seq, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (monitor) {
            while (lastSeq <= seq && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
        }
        return store.changesAfter(seq, BATCH);
    }

    /** Reads the tables and appends what changed, if anything; the entry written, or null. */
    public synchronized ChangeEntry capture() {
        Map<String, SortedMap<String, Map<String, Object>>> now =
                store.database().jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, IamTables::snapshot);
        List<RowChange> changes = RowDiff.between(IamTables.ALL, described, now);
        if (changes.isEmpty()) {
            return null;
        }
        String body = ChangeBodies.write(changes);
        long seq = lastSeq + 1;
        String hash = ChangeChain.hash(seq, lastHash, body);
        ChangeEntry entry = new ChangeEntry(seq, lastHash, hash, body, signer.sign(hash), clock.instant());
        store.database().jdbi().useHandle(h -> store.appendChange(h, entry));
        synchronized (monitor) {
            described = now;
            lastSeq = seq;
            lastHash = hash;
            monitor.notifyAll();
        }
        LOG.debug("IAM change {} written: {} rows", seq, changes.size());
        return entry;
    }

    private void loop() {
        while (running) {
            try {
                synchronized (monitor) {
                    if (!signalled) {
                        monitor.wait(1_000);
                    }
                    signalled = false;
                }
                if (running) {
                    capture();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("capturing IAM changes failed; retrying", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
