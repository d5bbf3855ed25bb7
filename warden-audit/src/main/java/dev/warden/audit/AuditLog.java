package dev.warden.audit;

import dev.warden.audit.TamperRecording.Recovery;
import dev.warden.audit.store.AuditStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
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
 *
 * <p>Its collaborators each own one part of that: {@link AuditIntake} the queue and the callers' side of it,
 * {@link ChainHead} the head the writer links to, {@link CheckpointSchedule} when a checkpoint is due,
 * {@link CheckpointSigning} a commit's signature, anchors and key switch, {@link TamperRecording} what the start check
 * found. This class keeps the writer thread: it alone calls the writer-side methods of the others.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final long RETRY_PAUSE_MS = 500;

    /** The action of the event the writer records when it records again after an outage (with its cause). */
    public static final String RECOVERED_ACTION = "audit:TrailRecovered";

    /** The action of the event a node records when its trail holds what it did not write. */
    public static final String TAMPERED_ACTION = "audit:TrailTampered";

    private final AuditStore store;
    private final String region;
    private final AuditIntegrity integrity;
    private final AuditSettings settings;
    private final Clock clock;
    private final AuditIntake intake;
    private final CheckpointSigning proof;
    private final ArrayDeque<Pending> carryOver = new ArrayDeque<>();
    private final AtomicLong appended = new AtomicLong();
    private final WriterHealth health;
    private volatile boolean running;
    private final List<TamperFinding> findings = new CopyOnWriteArrayList<>();
    private Thread writer;

    // Owned by the writer thread.
    private final ChainHead head;
    private final CheckpointSchedule schedule;

    /** A trail checked only against itself (tools and benchmarks); a node passes its {@link AuditIntegrity}. */
    public AuditLog(AuditStore store, String region, DigestSigner signer, AuditSettings settings, Clock clock) {
        this(store, region, signer, AuditIntegrity.none("warden"), settings, clock);
    }

    public AuditLog(
            AuditStore store,
            String region,
            DigestSigner signer,
            AuditIntegrity integrity,
            AuditSettings settings,
            Clock clock) {
        this.store = store;
        this.region = region;
        this.integrity = integrity;
        this.settings = settings;
        this.clock = clock;
        this.intake = new AuditIntake(settings);
        this.health = new WriterHealth(region);
        this.proof = new CheckpointSigning(region, signer, integrity, this::now);
        this.head = new ChainHead(store, region);
        this.schedule = new CheckpointSchedule(settings);
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
            recover(new TrailRecovery(store, region, integrity.sealer())
                    .check(integrity.anchorLog().get()));
        }
        if (head.lastSeq() > head.signedUpTo()) {
            commit(List.of(Pending.checkpoint()), null);
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
        return intake.offer(event);
    }

    /**
     * Appends an event and returns its seq once it is committed. Throws {@link AuditUnavailableException} when the
     * store cannot write (or did not within the timeout): the caller must then refuse the action.
     */
    public long recordDurable(AuditEvent event) {
        checkRegion(event);
        if (!health.healthy()) {
            throw new AuditUnavailableException(
                    "the audit trail cannot record actions (" + health.reason() + "); the action was not carried out");
        }
        if (!running) {
            throw new AuditUnavailableException("the audit trail is not running");
        }
        return intake.awaitDurable(event);
    }

    /** False while the trail cannot write, sign or anchor; admin actions are refused meanwhile. */
    public boolean healthy() {
        return health.healthy() && running;
    }

    /** Why the trail is unhealthy (no secret, no bound value), or {@code null} when it is healthy. */
    public String unhealthyReason() {
        return !running ? "the audit writer is not running" : health.reason();
    }

    /** What the start check found (empty for a trail that agreed with its seal and anchors). */
    public List<TamperFinding> tamperFindings() {
        return List.copyOf(findings);
    }

    /** The current chain epoch. */
    public long epoch() {
        return head.epoch();
    }

    /** Data-plane events dropped because the queue was full. */
    public long dropped() {
        return intake.dropped();
    }

    /** Events committed since start. */
    public long appended() {
        return appended.get();
    }

    /** Waits until every event queued before this call is committed and covered by a signed digest. */
    public void flushAndSign() {
        intake.flushAndSign();
    }

    /** The key id of the key that signs the next checkpoint. */
    public String signingKeyId() {
        return proof.keyId();
    }

    /**
     * Switches the signing key between commits: waits until everything queued before this call is committed and
     * covered by a checkpoint signed by the current key, runs {@code beforeSwitch} with that checkpoint's digest
     * seq, then signs every later checkpoint with {@code next}. Returns the last digest seq of the old key.
     * Thread-safe; throws {@link AuditUnavailableException} when the checkpoint or {@code beforeSwitch} fails (the
     * old key then stays).
     */
    public long rotateSigner(DigestSigner next, LongConsumer beforeSwitch) {
        Objects.requireNonNull(next, "next");
        return intake.rotate(next, beforeSwitch);
    }

    private void checkRegion(AuditEvent event) {
        if (!region.equals(event.region())) {
            throw new IllegalArgumentException("event of region " + event.region() + " sent to the trail of " + region);
        }
    }

    private void loadHead() {
        head.load();
        schedule.reset(head, now());
    }

    /** Records what the start check found, sets aside what the node did not write, and starts a new epoch. */
    private void recover(List<TamperFinding> found) {
        if (found.isEmpty()) {
            return;
        }
        findings.addAll(found);
        TamperRecording.Plan plan = TamperRecording.plan(found, head, region, integrity.node(), this::now);
        if (!commit(plan.events(), plan.recovery())) {
            throw new AuditUnavailableException(
                    "the audit trail was tampered with and the finding could not be recorded");
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(Math.min(settings.maxBatch(), 65_536));
        while (running || !intake.isEmpty() || !carryOver.isEmpty()) {
            try {
                writeOnce(batch);
            } catch (Throwable t) {
                // Nothing may end the writer: an unexpected failure is an outage that it recovers from.
                health.failed("unexpected " + t.getClass().getSimpleName());
                LOG.error("audit writer of {} failed; retrying", region, t);
                pause();
            }
        }
    }

    private void writeOnce(List<Pending> batch) {
        batch.clear();
        if (!health.healthy() && carryOver.isEmpty()) {
            probe();
        }
        try {
            if (!carryOver.isEmpty()) {
                while (!carryOver.isEmpty() && batch.size() < settings.maxBatch()) {
                    batch.add(carryOver.poll());
                }
            } else {
                Pending first = intake.poll(schedule.pollMillis(now()));
                if (first != null) {
                    batch.add(first);
                }
            }
            intake.drainTo(batch, settings.maxBatch() - batch.size());
        } catch (InterruptedException e) {
            if (!running) {
                intake.drainTo(batch);
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
        if (health.healthy() && batch.size() < settings.maxBatch()) {
            intake.dropReport(region, integrity.node(), this::now).ifPresent(batch::add);
        }
    }

    private boolean digestDue(long adding) {
        return schedule.due(head.lastSeq() + adding - head.signedUpTo(), now());
    }

    /** Commits a batch; returns false (after marking the trail unhealthy) when it could not. */
    private boolean commit(List<Pending> batch, Recovery recovery) {
        // While unhealthy, a commit must prove the whole path (rows stored, checkpoint signed, anchor written) before
        // the trail counts as healthy again: a small batch that needs no checkpoint proves nothing about signing.
        ChainHead.Linked linked = head.link(batch, !health.healthy());
        if (!linked.events().isEmpty()) {
            schedule.eventsAdded(now());
        }
        AuditDigest digest;
        try {
            digest = store(linked, recovery);
        } catch (RuntimeException e) {
            onFailure(batch, e);
            return false;
        }
        head.advance(linked.seq(), linked.hash(), linked.tree(), digest);
        if (digest != null) {
            schedule.checkpointed(digest.createdAtNanos());
        }
        appended.addAndGet(linked.events().size());
        try {
            proof.anchor(digest, linked.durable(), recovery == null ? null : recovery.epoch(), head);
        } catch (RuntimeException e) {
            // The events are committed but the proof outside could not be kept: admin actions wait for it.
            onAnchorFailure(batch, e);
            return false;
        }
        health.wrote();
        proof.switchSigner(linked.rotation(), batch, head.lastDigest());
        Pending.completeAll(batch, linked.seq() - linked.events().size(), head);
        return true;
    }

    /** Signs the checkpoint if one is due, seals the new head, and stores it all in one transaction. */
    private AuditDigest store(ChainHead.Linked linked, Recovery recovery) {
        long seq = linked.seq();
        String hash = linked.hash();
        TreeHead nextTree = linked.tree();
        long epoch = recovery != null ? recovery.epoch().epoch() : head.epoch();
        AuditDigest digest = linked.forceDigest() || digestDue(linked.events().size())
                ? proof.sign(head, seq, hash, nextTree, epoch)
                : null;
        String sealValue = integrity.sealer() == null || linked.events().isEmpty()
                ? null
                : integrity.sealer().seal(region, seq, hash);
        store.append(new AuditStore.Batch(
                linked.events(),
                digest,
                digest == null || nextTree == null ? null : nextTree.encode(),
                sealValue == null ? null : new AuditStore.StoredSeal(seq, hash, sealValue),
                recovery == null ? null : recovery.setAsideFrom(),
                now()));
        return digest;
    }

    private void onAnchorFailure(List<Pending> batch, RuntimeException e) {
        health.failed("the audit anchor cannot be written: " + RootCause.of(e));
        for (Pending p : batch) {
            if (p.done() != null) {
                p.done().completeExceptionally(e);
            }
        }
        pause();
    }

    private void onFailure(List<Pending> batch, RuntimeException e) {
        health.failed(RootCause.of(e));
        for (Pending p : batch) {
            if (p.done() != null) {
                p.done().completeExceptionally(e);
            } else if (p.event() != null && carryOver.size() < settings.queueCapacity()) {
                carryOver.add(p);
            } else if (p.event() != null) {
                intake.countDrop();
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
        String reason = health.reason();
        // An event, not only a checkpoint: a store that refuses event rows must not pass for a recovered one.
        AuditEvent recovered = AuditEvent.builder(region, integrity.node())
                .principal(AuditPrincipal.SYSTEM)
                .action(RECOVERED_ACTION)
                .resource(AuditArns.trail(region))
                .result(AuditResult.ALLOW)
                .detail("cause", reason == null ? "unknown" : reason)
                .detail("droppedSinceStart", intake.dropped())
                .build(now());
        if (commit(List.of(new Pending(recovered, null), Pending.checkpoint()), null)) {
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
            if (health.healthy()) {
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
