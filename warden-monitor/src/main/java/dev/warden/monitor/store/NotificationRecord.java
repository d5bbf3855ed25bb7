package dev.warden.monitor.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One webhook delivery and its state.
 *
 * @param deliveryId     a random UUID, sent as {@code X-Warden-Delivery} so that a receiver can drop repeats
 * @param url            where it is posted; may carry a receiver's token in its path, so logs and errors name only
 *                       its origin ({@link #origin()})
 * @param secretName     the name of the signing secret in the secrets manager, never the secret
 * @param body           the exact JSON that is signed and posted
 * @param attempts       attempts made so far
 * @param nextAttemptAt  when the next attempt is due while pending, else null
 * @param lastStatusCode the last HTTP status answered, or null (none yet, or no answer)
 * @param lastError      why the last attempt failed ("HTTP 503", "ConnectException"), or null
 */
public record NotificationRecord(
        String deliveryId,
        long mitigationId,
        long alarmId,
        String url,
        String secretName,
        String body,
        DeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        Integer lastStatusCode,
        String lastError,
        Instant createdAt,
        Instant deliveredAt) {
    public NotificationRecord {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secretName, "secretName");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@code scheme://host[:port]}: what logs and error messages may show of the URL. */
    public String origin() {
        return origin(url);
    }

    /** {@code scheme://host[:port]} of {@code url}, or {@code (invalid URL)}. */
    public static String origin(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(invalid URL)";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "(invalid URL)";
        }
    }
}
