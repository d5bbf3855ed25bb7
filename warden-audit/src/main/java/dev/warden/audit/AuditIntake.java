package dev.warden.audit;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The writer's queue and its front door. Durable (admin) events enter at the head, data-plane events at the tail, and
 * the data plane may fill only up to the reserve: a flood of device events never makes an admin action wait behind
 * it. Callers on any thread put entries in and wait for their commit; only the writer thread takes them out.
 */
final class AuditIntake {
    private final LinkedBlockingDeque<Pending> queue;
    private final int dataPlaneLimit;
    private final long durableTimeoutMs;
    private final AtomicLong dropped = new AtomicLong();
    // Owned by the writer thread.
    private long reportedDrops;

    AuditIntake(AuditSettings settings) {
        this.queue = new LinkedBlockingDeque<>(settings.queueCapacity());
        this.dataPlaneLimit = Math.max(1, settings.queueCapacity() - Math.max(1, settings.queueCapacity() / 10));
        this.durableTimeoutMs = settings.durableTimeout().toMillis();
    }

    /** Queues a data-plane event without blocking; false, counted as dropped, when the queue is full. */
    boolean offer(AuditEvent event) {
        if (queue.size() >= dataPlaneLimit || !queue.offerLast(new Pending(event, null))) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Queues a durable event ahead of the data plane and waits for its seq. */
    long awaitDurable(AuditEvent event) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            if (!queue.offerFirst(new Pending(event, done), durableTimeoutMs, TimeUnit.MILLISECONDS)) {
                throw new AuditUnavailableException("the audit trail is saturated");
            }
            return done.get(durableTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while waiting for the audit trail", e);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("the audit trail could not store the event", e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("the audit trail did not confirm the event in time");
        }
    }

    /** Waits until every event queued before this call is committed and covered by a signed digest. */
    void flushAndSign() {
        AuditEvent marker = null;
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            // Behind everything queued so far, so that the digest it forces covers it all.
            queue.putLast(new Pending(marker, done));
            done.get(durableTimeoutMs * 4, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while flushing the audit trail", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException("the audit trail could not be flushed", e);
        }
    }

    /** Queues a key switch behind everything queued so far and waits for the old key's last digest seq. */
    long rotate(DigestSigner next, LongConsumer beforeSwitch) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            queue.putLast(new Pending(null, done, new Pending.Rotation(next, beforeSwitch)));
            return done.get(durableTimeoutMs * 4, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while rotating the audit-signing key", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException("the audit-signing key could not be rotated", e);
        }
    }

    // The writer thread's side.

    Pending poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    void drainTo(Collection<Pending> batch, int max) {
        queue.drainTo(batch, max);
    }

    void drainTo(Collection<Pending> batch) {
        queue.drainTo(batch);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Counts a data-plane event the writer could not keep. */
    void countDrop() {
        dropped.incrementAndGet();
    }

    /**
     * The event that records how many data-plane events were dropped since the last such report, or empty when none
     * were. Writer thread only.
     */
    Optional<Pending> dropReport(String region, String node, LongSupplier now) {
        long total = dropped.get();
        if (total == reportedDrops) {
            return Optional.empty();
        }
        Pending report = new Pending(
                AuditEvent.builder(region, node)
                        .principal(AuditPrincipal.SYSTEM)
                        .action("audit:EventsDropped")
                        .result(AuditResult.ERROR)
                        .detail("dropped", total - reportedDrops)
                        .detail("droppedSinceStart", total)
                        .build(now.getAsLong()),
                null);
        reportedDrops = total;
        return Optional.of(report);
    }

    /** Data-plane events dropped since start. */
    long dropped() {
        return dropped.get();
    }
}
