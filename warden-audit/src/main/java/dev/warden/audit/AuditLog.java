package dev.warden.audit;

import dev.warden.audit.store.AuditStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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
 * found, {@link AuditWriter} the writer thread: it alone calls the writer-side methods of the others. This class is
 * the callers' side.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    /** The action of the event the writer records when it records again after an outage (with its cause). */
    public static final String RECOVERED_ACTION = "audit:TrailRecovered";

    /** The action of the event a node records when its trail holds what it did not write. */
    public static final String TAMPERED_ACTION = "audit:TrailTampered";

    private final String region;
    private final AuditSettings settings;
    private final Clock clock;
    private final AuditIntake intake;
    private final CheckpointSigning proof;
    private final WriterHealth health;
    private final AuditWriter writer;

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
        this.region = region;
        this.settings = settings;
        this.clock = clock;
        this.intake = new AuditIntake(settings);
        this.health = new WriterHealth(region);
        this.proof = new CheckpointSigning(region, signer, integrity, this::now);
        this.writer = new AuditWriter(store, region, integrity, settings, intake, proof, health, this::now);
    }

    /**
     * Loads the chain head, checks the trail against its seal and anchors (setting aside, and recording, what the node
     * did not write), signs the tail it can account for, and starts the writer thread.
     */
    public synchronized AuditLog start() {
        if (writer.running()) {
            return this;
        }
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
        if (!writer.running()) {
            throw new AuditUnavailableException("the audit trail is not running");
        }
        return intake.awaitDurable(event);
    }

    /** False while the trail cannot write, sign or anchor; admin actions are refused meanwhile. */
    public boolean healthy() {
        return health.healthy() && writer.running();
    }

    /** Why the trail is unhealthy (no secret, no bound value), or {@code null} when it is healthy. */
    public String unhealthyReason() {
        return !writer.running() ? "the audit writer is not running" : health.reason();
    }

    /** What the start check found (empty for a trail that agreed with its seal and anchors). */
    public List<TamperFinding> tamperFindings() {
        return writer.findings();
    }

    /** The current chain epoch. */
    public long epoch() {
        return writer.epoch();
    }

    /** Data-plane events dropped because the queue was full. */
    public long dropped() {
        return intake.dropped();
    }

    /** Events committed since start. */
    public long appended() {
        return writer.appended();
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

    /** Stops accepting, commits what is queued, signs a final digest, and stops the writer. */
    @Override
    public void close() {
        synchronized (this) {
            if (!writer.running()) {
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
        writer.stop(settings.durableTimeout().toMillis());
    }
}
