package dev.warden.node.witness;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.anchor.AnchorSink;
import dev.warden.audit.anchor.AnchoredHead;
import dev.warden.audit.anchor.EpochStart;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.witness.Cosignature;
import dev.warden.node.config.WardenConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers this node's checkpoints to a witness. The audit writer only enqueues (never blocks, never throws for the
 * witness); a daemon thread posts them in order, retrying with exponential backoff up to a minute. A full queue drops
 * its oldest checkpoint: the next one delivered carries a consistency proof that covers it anyway.
 */
public final class WitnessAnchor implements AnchorSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WitnessAnchor.class);
    static final int DEFAULT_CAPACITY = 1024;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final String region;
    private final WitnessDelivery delivery;
    private final Consumer<Cosignature> onCosigned;
    private final int capacity;
    private final Deque<AuditDigest> queue = new ArrayDeque<>();
    private final Thread thread;
    private long dropped;
    private long refused;
    private long lastWitnessed;
    private String lastError;
    private boolean closed;

    WitnessAnchor(String region, WitnessDelivery delivery, Consumer<Cosignature> onCosigned, int capacity) {
        this.region = region;
        this.delivery = delivery;
        this.onCosigned = onCosigned;
        this.capacity = capacity;
        this.thread = new Thread(this::run, "warden-audit-witness");
        thread.setDaemon(true);
    }

    /**
     * A started delivery to the configured witness.
     *
     * @param publicKeyPem this node's audit-signing public key, sent along so that the witness can trust it on first use
     * @param ownRoot      this node's root CA, trusted for the witness's TLS unless a CA file is configured
     * @param onCosigned   where cosignatures go (the anchor file)
     */
    public static WitnessAnchor start(
            WardenConfig.Witness config,
            String region,
            AuditStore store,
            String publicKeyPem,
            Path ownRoot,
            Consumer<Cosignature> onCosigned) {
        WitnessClient client = WitnessClient.open(config, ownRoot);
        WitnessAnchor anchor = new WitnessAnchor(
                region, new WitnessDelivery(region, store, client, publicKeyPem), onCosigned, DEFAULT_CAPACITY);
        anchor.thread.start();
        LOG.info("Audit checkpoints of {} are sent to the witness at {}", region, config.url());
        return anchor;
    }

    @Override
    public void checkpoint(AuditDigest checkpoint) {
        if (checkpoint.merkleRoot() == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.removeFirst();
                dropped++;
            }
            queue.addLast(checkpoint);
            notifyAll();
        }
    }

    @Override
    public void head(AnchoredHead head) {}

    @Override
    public void epoch(EpochStart epoch) {}

    /** Where delivery stands. */
    public synchronized WitnessStatus status() {
        return new WitnessStatus(lastWitnessed, queue.size(), dropped, refused, lastError);
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            AuditDigest next = nextOrNull();
            if (next == null) {
                return;
            }
            WitnessDelivery.Result result = attempt(next);
            if (result instanceof WitnessDelivery.Result.Retry retry) {
                failed(
                        retry.reason(),
                        "delivering checkpoint " + next.digestSeq() + " failed (" + retry.reason() + "), retrying in "
                                + backoff.toSeconds() + " s: " + retry.message());
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                continue;
            }
            backoff = FIRST_BACKOFF;
            done(next, result);
        }
    }

    private WitnessDelivery.Result attempt(AuditDigest checkpoint) {
        try {
            return delivery.deliver(checkpoint);
        } catch (WitnessClient.Unreachable e) {
            return new WitnessDelivery.Result.Retry("WITNESS_UNREACHABLE", e.getMessage());
        } catch (RuntimeException e) {
            LOG.debug("building the witness submission failed", e);
            return new WitnessDelivery.Result.Retry("WITNESS_SUBMISSION_FAILED", String.valueOf(e.getMessage()));
        }
    }

    /** Takes the delivered (or refused, or already witnessed) checkpoint off the queue. */
    private void done(AuditDigest checkpoint, WitnessDelivery.Result result) {
        if (result instanceof WitnessDelivery.Result.Cosigned cosigned) {
            try {
                onCosigned.accept(cosigned.cosignature());
            } catch (RuntimeException e) {
                LOG.warn("the cosignature of checkpoint {} could not be kept in the anchor", checkpoint.digestSeq(), e);
            }
            LOG.debug(
                    "Witness {} cosigned checkpoint {} of {} (tree size {})",
                    cosigned.cosignature().witnessKeyId(),
                    checkpoint.digestSeq(),
                    region,
                    checkpoint.toSeq());
        } else if (result instanceof WitnessDelivery.Result.Refused r) {
            LOG.warn(
                    "The witness refused checkpoint {} of {}: {} {}",
                    checkpoint.digestSeq(),
                    region,
                    r.reason(),
                    r.message());
        }
        synchronized (this) {
            if (!queue.isEmpty() && queue.peekFirst() == checkpoint) {
                queue.removeFirst();
            }
            if (result instanceof WitnessDelivery.Result.Cosigned) {
                lastWitnessed = Math.max(lastWitnessed, checkpoint.digestSeq());
                lastError = null;
            } else if (result instanceof WitnessDelivery.Result.Refused r) {
                refused++;
                lastError = r.reason();
            }
        }
    }

    private synchronized void failed(String reason, String message) {
        if (!reason.equals(lastError)) {
            LOG.warn("Audit witness: {}", message);
        } else {
            LOG.debug("Audit witness: {}", message);
        }
        lastError = reason;
    }

    private synchronized AuditDigest nextOrNull() {
        while (queue.isEmpty() && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                return null;
            }
        }
        return closed ? null : queue.peekFirst();
    }

    /** Waits {@code backoff} unless closed first; false once closed. */
    private synchronized boolean pause(Duration backoff) {
        long until = System.nanoTime() + backoff.toNanos();
        while (!closed) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        // Not interrupted: that could break a database read in flight; an HTTP call ends within its timeout.
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
