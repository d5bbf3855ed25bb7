package dev.warden.monitor.mitigation;

import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.store.DeliveryStatus;
import dev.warden.monitor.store.NotificationDao;
import dev.warden.monitor.store.NotificationRecord;
import dev.warden.storage.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alarm notifications to webhooks, signed ({@link WebhookSignature}), off the monitor thread: each delivery
 * is stored before its first attempt and after every attempt, so its state is listable and a restarted node resumes
 * what was pending ({@link #resume}). Delivery is at least once: an attempt cut by a stop is made again, with the same
 * {@code X-Warden-Delivery} id for the receiver to drop. Retries follow the {@link RetryPolicy}; redirects are never
 * followed.
 *
 * <p>The signing secret is read through the node's function at each attempt, by the name the profile gives; it is
 * never stored, logged or put in an error, and its bytes are wiped after use. Logs and stored errors name only the
 * URL's origin, since a receiver's URL may carry a token in its path.
 */
public final class WebhookNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    /** Told once when a delivery ends, delivered or failed for good; called on a notifier thread. */
    @FunctionalInterface
    public interface DeliveryListener {
        void finished(NotificationRecord delivery);
    }

    /** One attempt's result: an HTTP status if one came, the error to store if it did not deliver. */
    private record Attempt(Integer status, String error, boolean delivered, boolean retryable) {
        static Attempt delivered(int status) {
            return new Attempt(status, null, true, false);
        }

        static Attempt failed(Integer status, String error, boolean retryable) {
            return new Attempt(status, error, false, retryable);
        }
    }

    private final Database database;
    private final Function<String, byte[]> secrets;
    private final RetryPolicy retry;
    private final Clock clock;
    private final DeliveryListener listener;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor executor;

    /**
     * @param secrets reads a signing secret by its name in the secrets manager; throws or returns null/empty when it
     *                cannot, and the delivery then fails (it is never sent unsigned)
     */
    public WebhookNotifier(
            Database database,
            Function<String, byte[]> secrets,
            RetryPolicy retry,
            Clock clock,
            DeliveryListener listener) {
        this.database = database;
        this.secrets = secrets;
        this.retry = retry;
        this.clock = clock;
        this.listener = listener;
        this.http = HttpClient.newBuilder()
                .connectTimeout(retry.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "warden-monitor-notify-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Refuses a URL that is not absolute http(s) with a host, naming only what is wrong with it. */
    public static void requireWebhookUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MonitorException(MonitorReason.INVALID_NOTIFY_TARGET, "the notification URL is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getUserInfo() != null) {
            throw new MonitorException(
                    MonitorReason.INVALID_NOTIFY_TARGET,
                    "a notification URL is http(s)://host[:port]/path, without user information");
        }
    }

    /**
     * Stores a pending delivery and schedules its first attempt at once.
     *
     * @param body the JSON to sign and post, given the new delivery's id
     */
    public NotificationRecord enqueue(
            long mitigationId, long alarmId, String url, String secretName, Function<String, String> body) {
        requireWebhookUrl(url);
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        NotificationRecord delivery = new NotificationRecord(
                id,
                mitigationId,
                alarmId,
                url,
                secretName,
                body.apply(id),
                DeliveryStatus.PENDING,
                0,
                now,
                null,
                null,
                now,
                null);
        database.useTransaction(h -> new NotificationDao(h).insert(delivery));
        schedule(id, Duration.ZERO);
        return delivery;
    }

    /** Schedules every stored pending delivery when it is due (at once if overdue); returns how many. */
    public int resume() {
        List<NotificationRecord> pending = database.read(h -> new NotificationDao(h).pending());
        Instant now = clock.instant();
        for (NotificationRecord d : pending) {
            Instant due = d.nextAttemptAt() == null ? now : d.nextAttemptAt();
            schedule(d.deliveryId(), due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO);
        }
        if (!pending.isEmpty()) {
            LOG.info("Resuming {} pending webhook deliveries", pending.size());
        }
        return pending.size();
    }

    public Optional<NotificationRecord> find(String deliveryId) {
        return database.read(h -> new NotificationDao(h).find(deliveryId));
    }

    private void schedule(String deliveryId, Duration delay) {
        if (executor.isShutdown()) {
            return;
        }
        executor.schedule(() -> attemptQuietly(deliveryId), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attemptQuietly(String deliveryId) {
        try {
            attempt(deliveryId);
        } catch (RuntimeException e) {
            // The row stays pending and is resumed at the next start; nothing is reported as delivered.
            LOG.error("webhook delivery {} failed unexpectedly", deliveryId, e);
        }
    }

    private void attempt(String deliveryId) {
        NotificationRecord d = find(deliveryId).orElse(null);
        if (d == null || d.status() != DeliveryStatus.PENDING) {
            return;
        }
        Attempt result = post(d);
        if (result == null) {
            return; // interrupted by close(): left pending for the next start
        }
        int attempts = d.attempts() + 1;
        Instant now = clock.instant();
        DeliveryStatus status;
        Instant next = null;
        if (result.delivered()) {
            status = DeliveryStatus.DELIVERED;
        } else if (result.retryable() && attempts < retry.maxAttempts()) {
            status = DeliveryStatus.PENDING;
            next = now.plus(retry.delayAfter(attempts));
        } else {
            status = DeliveryStatus.FAILED;
        }
        Instant nextAttempt = next;
        boolean recorded = database.inTransaction(h -> new NotificationDao(h)
                .recordAttempt(
                        deliveryId,
                        status,
                        attempts,
                        nextAttempt,
                        result.status(),
                        result.error(),
                        result.delivered() ? now : null));
        if (!recorded) {
            return;
        }
        if (status == DeliveryStatus.PENDING) {
            LOG.info(
                    "Webhook delivery {} to {}: attempt {} failed ({}), next in {}",
                    deliveryId,
                    d.origin(),
                    attempts,
                    result.error(),
                    Duration.between(now, next));
            schedule(deliveryId, Duration.between(now, next));
            return;
        }
        LOG.info("Webhook delivery {} to {} {} after {} attempt(s)", deliveryId, d.origin(), status.id(), attempts);
        finished(deliveryId);
    }

    private void finished(String deliveryId) {
        NotificationRecord ended = find(deliveryId).orElse(null);
        if (ended == null) {
            return;
        }
        try {
            listener.finished(ended);
        } catch (RuntimeException e) {
            LOG.error("the listener of webhook delivery {} failed", deliveryId, e);
        }
    }

    /** Signs and posts once; null when interrupted (the node is stopping). */
    private Attempt post(NotificationRecord d) {
        byte[] secret = readSecret(d);
        if (secret == null) {
            return Attempt.failed(null, "signing secret unavailable", false);
        }
        try {
            long timestamp = clock.instant().getEpochSecond();
            byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(d.url()))
                    .timeout(retry.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Warden-Monitor/1")
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                    .header(WebhookSignature.DELIVERY_HEADER, d.deliveryId())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return Attempt.delivered(status);
            }
            return Attempt.failed(status, "HTTP " + status, RetryPolicy.retryable(status));
        } catch (IOException e) {
            // The class names the failure (ConnectException, HttpTimeoutException); messages may hold the URL.
            return Attempt.failed(null, e.getClass().getSimpleName(), true);
        } catch (IllegalArgumentException e) {
            return Attempt.failed(null, "invalid URL", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private byte[] readSecret(NotificationRecord d) {
        try {
            byte[] secret = secrets.apply(d.secretName());
            if (secret == null || secret.length == 0) {
                LOG.warn(
                        "Webhook delivery {}: signing secret '{}' is empty or missing", d.deliveryId(), d.secretName());
                return null;
            }
            return secret;
        } catch (RuntimeException e) {
            LOG.warn(
                    "Webhook delivery {}: signing secret '{}' cannot be read ({})",
                    d.deliveryId(),
                    d.secretName(),
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /** Stops delivering; pending deliveries stay stored and resume at the next start. */
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
