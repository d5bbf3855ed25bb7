package dev.warden.audit;

import dev.warden.audit.store.AuditStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region's audit trail writer. One thread owns the chain head: it drains a bounded queue, links each event to the
 * previous one, and commits a whole batch (plus a signed digest when one is due) in one transaction — group commit.
 * The data plane {@link #record records} without ever blocking; admin actions {@link #recordDurable wait} until their
 * event is committed and are refused while the store cannot write.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final long RETRY_PAUSE_MS = 500;

    private final AuditStore store;
    private final String region;
    private final DigestSigner signer;
    private final AuditSettings settings;
    private final Clock clock;
    // Durable (admin) events enter at the head, data-plane events at the tail, and the data plane may fill only up to
    // the reserve: a flood of device events never makes an admin action wait behind it.
    private final LinkedBlockingDeque<Pending> queue;
    private final int dataPlaneLimit;
    private final ArrayDeque<Pending> carryOver = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private final HashChain chain = new HashChain();
    private volatile boolean healthy = true;
    private volatile boolean running;
    private Thread writer;

    // Owned by the writer thread.
    private long lastSeq;
    private String lastHash;
    private AuditDigest lastDigest;
    private long oldestUndigestedNanos = -1;

    private record Pending(AuditEvent event, CompletableFuture<Long> done) {}

    public AuditLog(AuditStore store, String region, DigestSigner signer, AuditSettings settings, Clock clock) {
        this.store = store;
        this.region = region;
        this.signer = signer;
        this.settings = settings;
        this.clock = clock;
        this.queue = new LinkedBlockingDeque<>(settings.queueCapacity());
        this.dataPlaneLimit = Math.max(1, settings.queueCapacity() - Math.max(1, settings.queueCapacity() / 10));
    }

    /** Loads the chain head and starts the writer thread. */
    public synchronized AuditLog start() {
        if (running) {
            return this;
        }
        loadHead();
        running = true;
        writer = new Thread(this::writeLoop, "warden-audit-writer-" + region);
        writer.setDaemon(true);
        writer.start();
        return this;
    }

    public String region() {
        return region;
    }

    /** Current UTC time in epoch nanoseconds, from the log's clock. */
    public long now() {
        Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * Queues an event without blocking (data plane). Returns false, and counts it as dropped, when the queue is full.
     */
    public boolean record(AuditEvent event) {
        checkRegion(event);
        if (queue.size() >= dataPlaneLimit || !queue.offerLast(new Pending(event, null))) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Appends an event and returns its seq once it is committed. Throws {@link AuditUnavailableException} when the
     * store cannot write (or did not within the timeout): the caller must then refuse the action.
     */
    public long recordDurable(AuditEvent event) {
        checkRegion(event);
        if (!healthy) {
            throw new AuditUnavailableException("the audit trail cannot write; the action was not carried out");
        }
        if (!running) {
            throw new AuditUnavailableException("the audit trail is not running");
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        long timeoutMs = settings.durableTimeout().toMillis();
        try {
            if (!queue.offerFirst(new Pending(event, done), timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new AuditUnavailableException("the audit trail is saturated");
            }
            return done.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while waiting for the audit trail", e);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("the audit trail could not store the event", e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("the audit trail did not confirm the event in time");
        }
    }

    /** False while the store cannot write; admin actions are refused meanwhile. */
    public boolean healthy() {
        return healthy;
    }

    /** Data-plane events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events committed since start. */
    public long appended() {
        return appended.get();
    }

    /** Waits until every event queued before this call is committed and covered by a signed digest. */
    public void flushAndSign() {
        AuditEvent marker = null;
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            // Behind everything queued so far, so that the digest it forces covers it all.
            queue.putLast(new Pending(marker, done));
            done.get(settings.durableTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while flushing the audit trail", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException("the audit trail could not be flushed", e);
        }
    }

    private void checkRegion(AuditEvent event) {
        if (!region.equals(event.region())) {
            throw new IllegalArgumentException("event of region " + event.region() + " sent to the trail of " + region);
        }
    }

    private void loadHead() {
        AuditStore.Head head = store.head(region);
        lastSeq = head.lastSeq();
        lastHash = head.lastHash();
        lastDigest = head.lastDigest().orElse(null);
        long signedUpTo = lastDigest == null ? 0 : lastDigest.toSeq();
        oldestUndigestedNanos = lastSeq > signedUpTo ? now() : -1;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(Math.min(settings.maxBatch(), 65_536));
        while (running || !queue.isEmpty() || !carryOver.isEmpty()) {
            batch.clear();
            if (!healthy && carryOver.isEmpty()) {
                probe();
            }
            try {
                if (!carryOver.isEmpty()) {
                    while (!carryOver.isEmpty() && batch.size() < settings.maxBatch()) {
                        batch.add(carryOver.poll());
                    }
                } else {
                    Pending first = queue.poll(pollMillis(), TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                    }
                }
                queue.drainTo(batch, settings.maxBatch() - batch.size());
            } catch (InterruptedException e) {
                if (!running) {
                    queue.drainTo(batch);
                } else {
                    continue;
                }
            }
            if (batch.isEmpty() && !digestDue(0)) {
                continue;
            }
            commit(batch);
        }
    }

    private long pollMillis() {
        if (oldestUndigestedNanos < 0) {
            return settings.digestInterval().toMillis();
        }
        long dueIn = (oldestUndigestedNanos + settings.digestInterval().toNanos() - now()) / 1_000_000;
        return Math.max(1, dueIn);
    }

    private boolean digestDue(long adding) {
        long signedUpTo = lastDigest == null ? 0 : lastDigest.toSeq();
        long undigested = lastSeq + adding - signedUpTo;
        if (undigested <= 0) {
            return false;
        }
        return undigested >= settings.digestEveryEvents() || oldestUndigestedNanos >= 0
                && now() - oldestUndigestedNanos >= settings.digestInterval().toNanos();
    }

    private void commit(List<Pending> batch) {
        List<ChainedEvent> chained = new ArrayList<>(batch.size());
        boolean forceDigest = false;
        long seq = lastSeq;
        String hash = lastHash;
        for (Pending p : batch) {
            if (p.event() == null) {
                forceDigest = true;
                continue;
            }
            seq++;
            hash = chain.link(hash, p.event());
            chained.add(new ChainedEvent(seq, p.event(), hash));
        }
        if (!chained.isEmpty() && oldestUndigestedNanos < 0) {
            oldestUndigestedNanos = now();
        }
        long signedUpTo = lastDigest == null ? 0 : lastDigest.toSeq();
        AuditDigest digest = null;
        if (seq > signedUpTo && (forceDigest || digestDue(chained.size()))) {
            digest = signer.sign(new AuditDigest(region, lastDigest == null ? 1 : lastDigest.digestSeq() + 1,
                    signedUpTo + 1, seq, hash, lastDigest == null ? HashChain.GENESIS : lastDigest.hash(), now(),
                    signer.keyId(), null));
        }
        try {
            store.append(chained, digest);
        } catch (RuntimeException e) {
            onFailure(batch, e);
            return;
        }
        lastSeq = seq;
        lastHash = hash;
        if (digest != null) {
            lastDigest = digest;
            oldestUndigestedNanos = -1;
        }
        appended.addAndGet(chained.size());
        if (!healthy) {
            LOG.warn("audit trail of {} is writing again", region);
        }
        healthy = true;
        long s = seq - chained.size();
        for (Pending p : batch) {
            if (p.done() != null) {
                p.done().complete(p.event() == null ? lastSeq : ++s);
            } else {
                s++;
            }
        }
    }

    private void onFailure(List<Pending> batch, RuntimeException e) {
        if (healthy) {
            // The alert: admin actions are refused from now on until the trail writes again.
            LOG.error("ALERT audit trail of {} cannot write; admin actions are refused until it recovers: {}", region,
                    rootCause(e));
        }
        healthy = false;
        for (Pending p : batch) {
            if (p.done() != null) {
                p.done().completeExceptionally(e);
            } else if (carryOver.size() < settings.queueCapacity()) {
                carryOver.add(p);
            } else {
                dropped.incrementAndGet();
            }
        }
        try {
            Thread.sleep(RETRY_PAUSE_MS);
            // The commit may have failed after the data reached the store: continue from what is really there.
            loadHead();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException stillDown) {
            LOG.debug("audit store still unavailable", stillDown);
        }
    }

    /** Only the root cause: the driver's wrapper exceptions echo bound values, which must not reach the log. */
    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private void probe() {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
            loadHead();
            healthy = true;
            LOG.warn("audit store of {} is reachable again; accepting admin actions", region);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException stillDown) {
            LOG.debug("audit store still unavailable", stillDown);
        }
    }

    /** Stops accepting, commits what is queued, signs a final digest, and stops the writer. */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
        }
        try {
            if (healthy) {
                flushAndSign();
            }
        } catch (AuditUnavailableException e) {
            LOG.warn("final audit digest not written: {}", e.getMessage());
        }
        running = false;
        writer.interrupt();
        try {
            writer.join(settings.durableTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
