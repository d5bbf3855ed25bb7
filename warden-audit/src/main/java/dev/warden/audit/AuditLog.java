package dev.warden.audit;

import dev.warden.audit.anchor.AnchoredHead;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.anchor.EpochStart;
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
 * previous one, and commits a whole batch (plus a signed checkpoint when one is due, and the new head seal) in one
 * transaction — group commit. Checkpoints are due every so many events, and on a heartbeat even when nothing
 * happened, so that a missing newest checkpoint shows as a gap in time. After each commit the anchors outside the
 * database get the new checkpoint, or the new head when the batch held an admin action.
 *
 * <p>The data plane {@link #record records} without ever blocking; admin actions {@link #recordDurable wait} until their
 * event is committed and anchored, and are refused while the trail cannot write, sign or anchor. The writer never
 * dies of a failure: it reports itself unhealthy and retries. At start it checks its own trail first
 * ({@link TrailRecovery}) and never signs events it cannot account for.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final long RETRY_PAUSE_MS = 500;

    private final AuditStore store;
    private final String region;
    // Replaced only by the writer thread, between commits (rotateSigner).
    private volatile DigestSigner signer;
    private final AuditIntegrity integrity;
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
    private volatile String unhealthyReason;
    private volatile boolean running;
    private final java.util.List<TamperFinding> findings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread writer;

    // Owned by the writer thread.
    private long lastSeq;
    private String lastHash;
    private AuditDigest lastDigest;
    private long oldestUndigestedNanos = -1;
    private long lastCheckpointNanos;
    private TreeHead tree;
    private long reportedDrops;

    /** An event, or (event {@code null}) a marker that forces a checkpoint and, with a rotation, then switches keys. */
    private record Pending(AuditEvent event, CompletableFuture<Long> done, Rotation rotation) {
        Pending(AuditEvent event, CompletableFuture<Long> done) {
            this(event, done, null);
        }
    }

    /**
     * A switch to {@code next} after a checkpoint signed by the current key; {@code beforeSwitch} gets that
     * checkpoint's digest seq (the last the old key signs) and runs on the writer thread before any checkpoint
     * under the new key, so that the key is published (key list, anchor) before it signs anything.
     */
    private record Rotation(DigestSigner next, java.util.function.LongConsumer beforeSwitch) {}

    /** A trail checked only against itself (tools and benchmarks); a node passes its {@link AuditIntegrity}. */
    public AuditLog(AuditStore store, String region, DigestSigner signer, AuditSettings settings, Clock clock) {
        this(store, region, signer, AuditIntegrity.none("warden"), settings, clock);
    }

    public AuditLog(AuditStore store, String region, DigestSigner signer, AuditIntegrity integrity,
                    AuditSettings settings, Clock clock) {
        this.store = store;
        this.region = region;
        this.signer = signer;
        this.integrity = integrity;
        this.settings = settings;
        this.clock = clock;
        this.queue = new LinkedBlockingDeque<>(settings.queueCapacity());
        this.dataPlaneLimit = Math.max(1, settings.queueCapacity() - Math.max(1, settings.queueCapacity() / 10));
    }

    /**
     * Loads the chain head, checks the trail against its seal and anchors (setting aside, and recording, what the node
     * did not write), signs the tail it can account for, and starts the writer thread.
     */
    public synchronized AuditLog start() {
        if (running) {
            return this;
        }
        loadHead();
        if (integrity.sealer() != null) {
            recover(new TrailRecovery(store, region, integrity.sealer()).check(integrity.anchorLog().get()));
        }
        if (lastSeq > signedUpTo()) {
            commit(List.of(new Pending(null, null)), null);
        }
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
            throw new AuditUnavailableException("the audit trail cannot record actions (" + unhealthyReason
                    + "); the action was not carried out");
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

    /** False while the trail cannot write, sign or anchor; admin actions are refused meanwhile. */
    public boolean healthy() {
        return healthy && running;
    }

    /** Why the trail is unhealthy (no secret, no bound value), or {@code null} when it is healthy. */
    public String unhealthyReason() {
        return !running ? "the audit writer is not running" : healthy ? null : unhealthyReason;
    }

    /** What the start check found (empty for a trail that agreed with its seal and anchors). */
    public List<TamperFinding> tamperFindings() {
        return List.copyOf(findings);
    }

    /** The current chain epoch. */
    public long epoch() {
        AuditDigest d = lastDigest;
        return d == null ? 0 : d.epoch();
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

    /** The key id of the key that signs the next checkpoint. */
    public String signingKeyId() {
        return signer.keyId();
    }

    /**
     * Switches the signing key between commits: waits until everything queued before this call is committed and
     * covered by a checkpoint signed by the current key, runs {@code beforeSwitch} with that checkpoint's digest
     * seq, then signs every later checkpoint with {@code next}. Returns the last digest seq of the old key.
     * Thread-safe; throws {@link AuditUnavailableException} when the checkpoint or {@code beforeSwitch} fails (the
     * old key then stays).
     */
    public long rotateSigner(DigestSigner next, java.util.function.LongConsumer beforeSwitch) {
        java.util.Objects.requireNonNull(next, "next");
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            queue.putLast(new Pending(null, done, new Rotation(next, beforeSwitch)));
            return done.get(settings.durableTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while rotating the audit-signing key", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException("the audit-signing key could not be rotated", e);
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
        oldestUndigestedNanos = lastSeq > signedUpTo() ? now() : -1;
        lastCheckpointNanos = lastDigest == null ? now() : lastDigest.createdAtNanos();
        tree = treeAt(lastSeq);
    }

    private long signedUpTo() {
        return lastDigest == null ? 0 : lastDigest.toSeq();
    }

    /**
     * The Merkle tree over events {@code 1..seq}: the frontier stored with the last checkpoint, extended by the stored
     * chain hashes after it. Built from the first event when no checkpoint holds a frontier (an older trail).
     */
    private TreeHead treeAt(long seq) {
        long from = 0;
        TreeHead t = TreeHead.empty();
        if (lastDigest != null && lastDigest.toSeq() <= seq) {
            TreeHead stored = TreeHead.decode(store.treeFrontier(region, lastDigest.digestSeq()).orElse(null));
            if (stored != null && stored.size() == lastDigest.toSeq()) {
                t = stored;
                from = lastDigest.toSeq();
            }
        }
        if (from < seq && store.firstSeq(region).orElse(1L) > from + 1) {
            // Archived events are gone; a trail archived before frontiers were stored cannot have Merkle roots.
            return null;
        }
        TreeHead result = t;
        store.forEach(region, from + 1, seq, events -> events.forEachRemaining(e -> result.append(e.hash())));
        return result.size() == seq ? result : null;
    }

    /** Records what the start check found, sets aside what the node did not write, and starts a new epoch. */
    private void recover(List<TamperFinding> found) {
        if (found.isEmpty()) {
            return;
        }
        findings.addAll(found);
        long epoch = epoch() + 1;
        List<Pending> events = new ArrayList<>();
        Long setAsideFrom = null;
        for (TamperFinding f : found) {
            LOG.error("ALERT audit trail of {} was tampered with: {} (seq {}..{}): {}; it is recorded in the trail and "
                    + "the chain goes on in epoch {}", region, f.kind(), f.fromSeq(), f.toSeq(), f.detail(), epoch);
            if (f.setsAside()) {
                setAsideFrom = f.fromSeq();
                lastSeq = f.accountedUpTo();
                lastHash = lastSeq == 0 ? HashChain.GENESIS : store.hashAt(region, lastSeq).orElseThrow();
                tree = treeAt(lastSeq);
            }
            events.add(new Pending(AuditEvent.builder(region, integrity.node()).principal(AuditPrincipal.SYSTEM)
                    .action(TAMPERED_ACTION).resource("arn:warden:audit:" + region + "::trail/" + region)
                    .result(AuditResult.ERROR).detail("kind", f.kind().name()).detail("fromSeq", f.fromSeq())
                    .detail("toSeq", f.toSeq()).detail("accountedUpTo", f.accountedUpTo()).detail("epoch", epoch)
                    .detail("setAside", f.setsAside()).detail("finding", f.detail()).build(now()), null));
        }
        events.add(new Pending(null, null));
        EpochStart start = new EpochStart(region, epoch, lastSeq, lastHash, found.get(0).kind().name(),
                found.get(0).fromSeq(), found.get(found.size() - 1).toSeq(), now());
        if (!commit(events, new Recovery(start, setAsideFrom))) {
            throw new AuditUnavailableException("the audit trail was tampered with and the finding could not be recorded");
        }
    }

    /** The action of the event the writer records when it records again after an outage (with its cause). */
    public static final String RECOVERED_ACTION = "audit:TrailRecovered";

    /** The action of the event a node records when its trail holds what it did not write. */
    public static final String TAMPERED_ACTION = "audit:TrailTampered";

    /** The epoch a commit starts, and where it sets events aside (both only when recovering). */
    private record Recovery(EpochStart epoch, Long setAsideFrom) {}

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(Math.min(settings.maxBatch(), 65_536));
        while (running || !queue.isEmpty() || !carryOver.isEmpty()) {
            try {
                writeOnce(batch);
            } catch (Throwable t) {
                // Nothing may end the writer: an unexpected failure is an outage that it recovers from.
                markUnhealthy("unexpected " + t.getClass().getSimpleName());
                LOG.error("audit writer of {} failed; retrying", region, t);
                pause();
            }
        }
    }

    private void writeOnce(List<Pending> batch) {
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
                return;
            }
        }
        if (batch.isEmpty() && !digestDue(0)) {
            return;
        }
        reportDrops(batch);
        commit(batch, null);
    }

    /** Records, once the trail writes again, how many data-plane events it had to drop meanwhile. */
    private void reportDrops(List<Pending> batch) {
        long total = dropped.get();
        if (!healthy || total == reportedDrops || batch.size() >= settings.maxBatch()) {
            return;
        }
        batch.add(new Pending(AuditEvent.builder(region, integrity.node()).principal(AuditPrincipal.SYSTEM)
                .action("audit:EventsDropped").result(AuditResult.ERROR).detail("dropped", total - reportedDrops)
                .detail("droppedSinceStart", total).build(now()), null));
        reportedDrops = total;
    }

    private long pollMillis() {
        long heartbeatIn = (lastCheckpointNanos + settings.digestInterval().toNanos() - now()) / 1_000_000;
        if (oldestUndigestedNanos < 0) {
            return Math.max(1, heartbeatIn);
        }
        long dueIn = (oldestUndigestedNanos + settings.digestInterval().toNanos() - now()) / 1_000_000;
        return Math.max(1, Math.min(dueIn, heartbeatIn));
    }

    private boolean digestDue(long adding) {
        long undigested = lastSeq + adding - signedUpTo();
        if (now() - lastCheckpointNanos >= settings.digestInterval().toNanos()) {
            return true;
        }
        if (undigested <= 0) {
            return false;
        }
        return undigested >= settings.digestEveryEvents() || oldestUndigestedNanos >= 0
                && now() - oldestUndigestedNanos >= settings.digestInterval().toNanos();
    }

    /** Commits a batch; returns false (after marking the trail unhealthy) when it could not. */
    private boolean commit(List<Pending> batch, Recovery recovery) {
        List<ChainedEvent> chained = new ArrayList<>(batch.size());
        // While unhealthy, a commit must prove the whole path (rows stored, checkpoint signed, anchor written) before
        // the trail counts as healthy again: a small batch that needs no checkpoint proves nothing about signing.
        boolean forceDigest = !healthy;
        boolean durable = false;
        long seq = lastSeq;
        String hash = lastHash;
        TreeHead nextTree = tree == null ? null : tree.copy();
        Rotation rotation = null;
        for (Pending p : batch) {
            if (p.event() == null) {
                forceDigest = true;
                rotation = p.rotation() != null ? p.rotation() : rotation;
                continue;
            }
            durable |= p.done() != null;
            seq++;
            hash = chain.link(hash, p.event());
            chained.add(new ChainedEvent(seq, p.event(), hash));
            if (nextTree != null) {
                nextTree.append(hash);
            }
        }
        if (!chained.isEmpty() && oldestUndigestedNanos < 0) {
            oldestUndigestedNanos = now();
        }
        AuditDigest digest;
        String sealValue;
        try {
            digest = forceDigest || digestDue(chained.size()) ? sign(seq, hash, nextTree, recovery) : null;
            sealValue = integrity.sealer() == null || chained.isEmpty() ? null : integrity.sealer().seal(region, seq, hash);
            store.append(new AuditStore.Batch(chained, digest, digest == null || nextTree == null ? null : nextTree.encode(),
                    sealValue == null ? null : new AuditStore.StoredSeal(seq, hash, sealValue),
                    recovery == null ? null : recovery.setAsideFrom(), now()));
        } catch (RuntimeException e) {
            onFailure(batch, e);
            return false;
        }
        lastSeq = seq;
        lastHash = hash;
        tree = nextTree;
        if (digest != null) {
            lastDigest = digest;
            lastCheckpointNanos = digest.createdAtNanos();
            oldestUndigestedNanos = -1;
        }
        appended.addAndGet(chained.size());
        try {
            anchor(digest, durable, recovery);
        } catch (RuntimeException e) {
            // The events are committed but the proof outside could not be kept: admin actions wait for it.
            onAnchorFailure(batch, e);
            return false;
        }
        if (!healthy) {
            LOG.warn("audit trail of {} is writing again", region);
        }
        healthy = true;
        unhealthyReason = null;
        switchSigner(rotation, batch);
        complete(batch, seq - chained.size());
        return true;
    }

    /** After the old key's last checkpoint is committed: publish the new key, then sign with it from now on. */
    private void switchSigner(Rotation rotation, List<Pending> batch) {
        if (rotation == null) {
            return;
        }
        try {
            rotation.beforeSwitch().accept(lastDigest.digestSeq());
            signer = rotation.next();
            LOG.info("audit trail of {} signs with key {} from checkpoint {} on", region, signer.keyId(),
                    lastDigest.digestSeq() + 1);
        } catch (RuntimeException e) {
            LOG.error("audit-signing key of {} not rotated: {}", region, rootCause(e));
            for (Pending p : batch) {
                if (p.rotation() == rotation) {
                    p.done().completeExceptionally(e);
                }
            }
        }
    }

    private AuditDigest sign(long seq, String hash, TreeHead nextTree, Recovery recovery) {
        long epoch = recovery != null ? recovery.epoch().epoch() : epoch();
        AuditDigest unsigned = new AuditDigest(region, lastDigest == null ? 1 : lastDigest.digestSeq() + 1, signedUpTo() + 1,
                seq, hash, lastDigest == null ? HashChain.GENESIS : lastDigest.hash(), now(), signer.keyId(), null, epoch,
                nextTree == null ? null : nextTree.rootHex());
        try {
            return signer.sign(unsigned);
        } catch (RuntimeException e) {
            throw new IllegalStateException("signing checkpoint " + unsigned.digestSeq() + " failed: " + rootCause(e));
        }
    }

    private void anchor(AuditDigest digest, boolean durable, Recovery recovery) {
        if (recovery != null) {
            integrity.anchors().epoch(recovery.epoch());
        }
        if (digest != null) {
            integrity.anchors().checkpoint(digest);
        } else if (durable) {
            integrity.anchors().head(new AnchoredHead(region, lastSeq, lastHash, now()));
        }
    }

    private void complete(List<Pending> batch, long firstSeq) {
        long s = firstSeq;
        for (Pending p : batch) {
            if (p.done() != null && p.rotation() != null) {
                p.done().complete(lastDigest.digestSeq());
            } else if (p.done() != null) {
                p.done().complete(p.event() == null ? lastSeq : ++s);
            } else if (p.event() != null) {
                s++;
            }
        }
    }

    private void markUnhealthy(String reason) {
        if (healthy) {
            // The alert: admin actions are refused from now on until the trail writes again.
            LOG.error("ALERT audit trail of {} cannot record: {}; admin actions are refused until it recovers", region,
                    reason);
        }
        unhealthyReason = reason;
        healthy = false;
    }

    private void onAnchorFailure(List<Pending> batch, RuntimeException e) {
        markUnhealthy("the audit anchor cannot be written: " + rootCause(e));
        for (Pending p : batch) {
            if (p.done() != null) {
                p.done().completeExceptionally(e);
            }
        }
        pause();
    }

    private void onFailure(List<Pending> batch, RuntimeException e) {
        markUnhealthy(rootCause(e));
        for (Pending p : batch) {
            if (p.done() != null) {
                p.done().completeExceptionally(e);
            } else if (p.event() != null && carryOver.size() < settings.queueCapacity()) {
                carryOver.add(p);
            } else if (p.event() != null) {
                dropped.incrementAndGet();
            }
        }
        pause();
        try {
            // The commit may have failed after the data reached the store: continue from what is really there.
            loadHead();
        } catch (RuntimeException stillDown) {
            LOG.debug("audit store still unavailable", stillDown);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
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

    /**
     * Checks, while unhealthy with nothing to retry, whether a commit would work again: an {@link #RECOVERED_ACTION}
     * event and a checkpoint are stored, signed and anchored; only their success makes the trail healthy.
     */
    private void probe() {
        pause();
        try {
            loadHead();
        } catch (RuntimeException stillDown) {
            LOG.debug("audit store still unavailable", stillDown);
            return;
        }
        String reason = unhealthyReason;
        // An event, not only a checkpoint: a store that refuses event rows must not pass for a recovered one.
        AuditEvent recovered = AuditEvent.builder(region, integrity.node()).principal(AuditPrincipal.SYSTEM)
                .action(RECOVERED_ACTION).resource("arn:warden:audit:" + region + "::trail/" + region)
                .result(AuditResult.ALLOW).detail("cause", reason == null ? "unknown" : reason)
                .detail("droppedSinceStart", dropped.get()).build(now());
        if (commit(List.of(new Pending(recovered, null), new Pending(null, null)), null)) {
            LOG.warn("audit trail of {} records again; accepting admin actions", region);
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
