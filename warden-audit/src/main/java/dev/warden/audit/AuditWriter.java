package dev.warden.audit;

import dev.warden.audit.TamperRecording.Recovery;
import dev.warden.audit.store.AuditStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread of an {@link AuditLog}, apart from the callers' side so that the chain head has one owner: it
 * alone links, commits, signs and anchors, and recovers from its own failures.
 */
final class AuditWriter {
    // Logged as the audit log's own lines, as before the writer had its own class.
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final long RETRY_PAUSE_MS = 500;

    private final AuditStore store;
    private final String region;
    private final AuditIntegrity integrity;
    private final AuditSettings settings;
    private final AuditIntake intake;
    private final CheckpointSigning proof;
    private final WriterHealth health;
    private final LongSupplier now;
    private final ArrayDeque<Pending> carryOver = new ArrayDeque<>();
    private final AtomicLong appended = new AtomicLong();
    private final List<TamperFinding> findings = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread thread;

    // Owned by the writer thread.
    private final ChainHead head;
    private final CheckpointSchedule schedule;

    AuditWriter(
            AuditStore store,
            String region,
            AuditIntegrity integrity,
            AuditSettings settings,
            AuditIntake intake,
            CheckpointSigning proof,
            WriterHealth health,
            LongSupplier now) {
        this.store = store;
        this.region = region;
        this.integrity = integrity;
        this.settings = settings;
        this.intake = intake;
        this.proof = proof;
        this.health = health;
        this.now = now;
        this.head = new ChainHead(store, region);
        this.schedule = new CheckpointSchedule(settings);
    }

    /** See {@link AuditLog#start()}: called once, under the log's lock. */
    void start() {
        loadHead();
        if (integrity.sealer() != null) {
            recover(new TrailRecovery(store, region, integrity.sealer())
                    .check(integrity.anchorLog().get()));
        }
        if (head.lastSeq() > head.signedUpTo()) {
            commit(List.of(Pending.checkpoint()), null);
        }
        running = true;
        thread = new Thread(this::writeLoop, "warden-audit-writer-" + region);
        thread.setDaemon(true);
        thread.start();
    }

    boolean running() {
        return running;
    }

    long appended() {
        return appended.get();
    }

    long epoch() {
        return head.epoch();
    }

    List<TamperFinding> findings() {
        return List.copyOf(findings);
    }

    /** Lets the thread commit what is queued, then waits at most {@code joinMillis} for it to end. */
    void stop(long joinMillis) {
        running = false;
        thread.interrupt();
        try {
            thread.join(joinMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loadHead() {
        head.load();
        schedule.reset(head, now.getAsLong());
    }

    /** Records what the start check found, sets aside what the node did not write, and starts a new epoch. */
    private void recover(List<TamperFinding> found) {
        if (found.isEmpty()) {
            return;
        }
        findings.addAll(found);
        TamperRecording.Plan plan = TamperRecording.plan(found, head, region, integrity.node(), now);
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
                Pending first = intake.poll(schedule.pollMillis(now.getAsLong()));
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
            intake.dropReport(region, integrity.node(), now).ifPresent(batch::add);
        }
    }

    private boolean digestDue(long adding) {
        return schedule.due(head.lastSeq() + adding - head.signedUpTo(), now.getAsLong());
    }

    /** Commits a batch; returns false (after marking the trail unhealthy) when it could not. */
    private boolean commit(List<Pending> batch, Recovery recovery) {
        // While unhealthy, a commit must prove the whole path (rows stored, checkpoint signed, anchor written) before
        // the trail counts as healthy again: a small batch that needs no checkpoint proves nothing about signing.
        ChainHead.Linked linked = head.link(batch, !health.healthy());
        if (!linked.events().isEmpty()) {
            schedule.eventsAdded(now.getAsLong());
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
                now.getAsLong()));
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
     * Checks, while unhealthy with nothing to retry, whether a commit would work again: an {@link AuditLog#RECOVERED_ACTION}
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
                .action(AuditLog.RECOVERED_ACTION)
                .resource(AuditArns.trail(region))
                .result(AuditResult.ALLOW)
                .detail("cause", reason == null ? "unknown" : reason)
                .detail("droppedSinceStart", intake.dropped())
                .build(now.getAsLong());
        if (commit(List.of(new Pending(recovered, null), Pending.checkpoint()), null)) {
            LOG.warn("audit trail of {} records again; accepting admin actions", region);
        }
    }
}
