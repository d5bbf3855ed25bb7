package dev.warden.incident.notify;

import dev.warden.monitor.mitigation.RetryPolicy;
import dev.warden.monitor.store.DeliveryStatus;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox: a notification is stored before its first attempt and after each one, retried with the
 * {@link RetryPolicy}'s backoff, and resumed by a restarted node ({@link #resume}). A notice's identity (its dedup key)
 * is unique in the table, so raising it again adds nothing and a delivered notice is never sent twice by a restart.
 * Delivery is at least once only for an attempt cut short by a stop, and that repeat carries the same delivery id.
 */
final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** A notification to store: the body is written once its delivery id is known. */
    record Draft(
            String dedupKey,
            long incidentId,
            IncidentNotice.Kind kind,
            String clock,
            Channel channel,
            String recipient,
            String address,
            String secretName,
            String subject,
            Function<String, String> body) {}

    /** Sends one attempt of a notification over its channel; null when interrupted. */
    interface Senders {
        Outcome send(NotificationRecord n);
    }

    private final Database database;
    private final Senders senders;
    private final RetryPolicy retry;
    private final Clock clock;
    private final NotificationListener listener;
    private final ScheduledThreadPoolExecutor executor;
    /** Rows with an attempt scheduled: a resume() next to a fresh enqueue must not attempt a row twice at once. */
    private final java.util.Set<Long> scheduled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Outbox(Database database, Senders senders, RetryPolicy retry, Clock clock, NotificationListener listener) {
        this.database = database;
        this.senders = senders;
        this.retry = retry;
        this.clock = clock;
        this.listener = listener;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "warden-incident-notify-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Stores the drafts whose key is new, in one transaction, and schedules their first attempts; returns those. */
    List<NotificationRecord> enqueue(List<Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<NotificationRecord> stored = database.inTransaction(h -> {
            OutboxDao dao = new OutboxDao(h);
            List<NotificationRecord> added = new ArrayList<>();
            for (Draft d : drafts) {
                if (dao.exists(d.dedupKey())) {
                    continue;
                }
                NotificationRecord n = record(dao.nextId(), d, now);
                dao.insert(n);
                added.add(n);
            }
            return added;
        });
        stored.forEach(n -> schedule(n.id(), Duration.ZERO));
        return stored;
    }

    private static NotificationRecord record(long id, Draft d, Instant now) {
        String deliveryId = UUID.randomUUID().toString();
        return new NotificationRecord(
                id,
                deliveryId,
                d.dedupKey(),
                d.incidentId(),
                d.kind(),
                d.clock(),
                d.channel(),
                d.recipient(),
                d.address(),
                d.secretName(),
                d.subject(),
                d.body().apply(deliveryId),
                DeliveryStatus.PENDING,
                0,
                now,
                null,
                now,
                null);
    }

    /** Schedules every stored pending notification when it is due (at once if overdue); returns how many. */
    int resume() {
        List<NotificationRecord> pending = database.read(h -> new OutboxDao(h).pending());
        Instant now = clock.instant();
        for (NotificationRecord n : pending) {
            Instant due = n.nextAttemptAt() == null ? now : n.nextAttemptAt();
            schedule(n.id(), due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO);
        }
        if (!pending.isEmpty()) {
            LOG.info("Resuming {} pending incident notifications", pending.size());
        }
        return pending.size();
    }

    List<NotificationRecord> ofIncident(long incidentId) {
        return database.read(h -> new OutboxDao(h).ofIncident(incidentId));
    }

    boolean told(long incidentId, String recipient, List<String> kinds) {
        return database.read(h -> new OutboxDao(h).told(incidentId, recipient, kinds));
    }

    private void schedule(long id, Duration delay) {
        if (executor.isShutdown() || !scheduled.add(id)) {
            return;
        }
        executor.schedule(() -> attemptQuietly(id), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attemptQuietly(long id) {
        Duration retryIn = null;
        try {
            retryIn = attempt(id);
        } catch (RuntimeException e) {
            // The row stays pending and is resumed at the next start; nothing is reported as delivered.
            LOG.error("incident notification {} failed unexpectedly", id, e);
        } finally {
            scheduled.remove(id);
        }
        if (retryIn != null) {
            schedule(id, retryIn);
        }
    }

    /** Makes one attempt and records it; returns when to try again, or null. */
    private Duration attempt(long id) {
        NotificationRecord n = database.read(h -> new OutboxDao(h).find(id)).orElse(null);
        if (n == null || n.status() != DeliveryStatus.PENDING) {
            return null;
        }
        Outcome outcome = senders.send(n);
        if (outcome == null) {
            return null; // interrupted by close(): left pending for the next start
        }
        int attempts = n.attempts() + 1;
        Instant now = clock.instant();
        DeliveryStatus status = outcome.delivered()
                ? DeliveryStatus.DELIVERED
                : outcome.retryable() && attempts < retry.maxAttempts()
                        ? DeliveryStatus.PENDING
                        : DeliveryStatus.FAILED;
        Instant next = status == DeliveryStatus.PENDING ? now.plus(retry.delayAfter(attempts)) : null;
        Instant finished = status == DeliveryStatus.PENDING ? null : now;
        boolean recorded = database.inTransaction(
                h -> new OutboxDao(h).recordAttempt(id, status, attempts, next, outcome.error(), finished));
        if (!recorded) {
            return null;
        }
        if (status == DeliveryStatus.PENDING) {
            LOG.info(
                    "Incident notification {} ({} to {}): attempt {} failed ({}), next in {}",
                    id,
                    n.channel().id(),
                    n.target(),
                    attempts,
                    outcome.error(),
                    Duration.between(now, next));
            return Duration.between(now, next);
        }
        LOG.info(
                "Incident notification {} ({} to {}) {} after {} attempt(s)",
                id,
                n.channel().id(),
                n.target(),
                status.id(),
                attempts);
        finished(id);
        return null;
    }

    private void finished(long id) {
        NotificationRecord ended = database.read(h -> new OutboxDao(h).find(id)).orElse(null);
        if (ended == null) {
            return;
        }
        try {
            if (ended.status() == DeliveryStatus.DELIVERED) {
                listener.delivered(ended);
            } else {
                listener.failed(ended);
            }
        } catch (RuntimeException e) {
            LOG.error("the listener of incident notification {} failed", id, e);
        }
    }

    /** Stops delivering; pending notifications stay stored and resume at the next start. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
