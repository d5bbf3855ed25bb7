package dev.warden.incident.notify;

import dev.warden.monitor.mitigation.RetryPolicy;
import dev.warden.monitor.mitigation.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one signed webhook per attempt in monitoring's format ({@link WebhookSignature}: {@code X-Warden-Signature},
 * {@code X-Warden-Timestamp}, {@code X-Warden-Delivery}), so a receiver written for alarms verifies incidents too.
 * Redirects are never followed; which statuses are retried is {@link RetryPolicy#retryable}. The signing secret is
 * read by name at each attempt and wiped after; an unreadable secret fails the delivery (it is never sent unsigned).
 */
final class WebhookPoster {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookPoster.class);

    private final Function<String, byte[]> secrets;
    private final RetryPolicy retry;
    private final Clock clock;
    private final HttpClient http;

    WebhookPoster(Function<String, byte[]> secrets, RetryPolicy retry, Clock clock) {
        this.secrets = secrets;
        this.retry = retry;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(retry.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One attempt; null when interrupted (the node is stopping, the row stays pending). */
    Outcome send(NotificationRecord n) {
        byte[] secret = secret(n);
        if (secret == null) {
            return Outcome.fail("signing secret unavailable");
        }
        try {
            long timestamp = clock.instant().getEpochSecond();
            byte[] body = n.body().getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(n.address()))
                    .timeout(retry.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Warden-Incident/1")
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                    .header(WebhookSignature.DELIVERY_HEADER, n.deliveryId())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.DELIVERED;
            }
            return RetryPolicy.retryable(status) ? Outcome.retry("HTTP " + status) : Outcome.fail("HTTP " + status);
        } catch (IOException e) {
            // The class names the failure; an IOException's message may hold the URL (and its token).
            return Outcome.retry(e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            return Outcome.fail("invalid URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private byte[] secret(NotificationRecord n) {
        try {
            byte[] s = n.secretName() == null ? null : secrets.apply(n.secretName());
            if (s == null || s.length == 0) {
                LOG.warn(
                        "Incident webhook {}: signing secret '{}' is empty or missing", n.deliveryId(), n.secretName());
                return null;
            }
            return s;
        } catch (RuntimeException e) {
            LOG.warn(
                    "Incident webhook {}: signing secret '{}' cannot be read ({})",
                    n.deliveryId(),
                    n.secretName(),
                    e.getClass().getSimpleName());
            return null;
        }
    }
}
