package dev.warden.incident.notify;

import dev.warden.incident.oncall.WebhookUrls;
import dev.warden.monitor.store.DeliveryStatus;
import java.time.Instant;

/**
 * One notification of an incident to one recipient over one channel, as the outbox holds it.
 *
 * @param deliveryId the id every attempt carries ({@code X-Warden-Delivery}, the e-mail's Message-ID) so a receiver
 *                   drops repeats
 * @param dedupKey   incident, kind, clock, due time, channel and recipient: the notice's identity
 * @param recipient  the principal told, or {@link #TEAM} for the settings' team webhook
 * @param address    the e-mail address or the webhook URL; a URL may carry a token, so show {@link #target()}
 * @param secretName the name of the webhook's signing secret, never the secret; null for e-mail
 * @param lastError  why the last attempt failed: an exception's class or an SMTP/HTTP code, never a server's text
 */
public record NotificationRecord(
        long id,
        String deliveryId,
        String dedupKey,
        long incidentId,
        IncidentNotice.Kind kind,
        String clock,
        Channel channel,
        String recipient,
        String address,
        String secretName,
        String subject,
        String body,
        DeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant finishedAt) {
    public static final String TEAM = "team";

    /** What logs, errors, the audit trail and the API may show of the address: an e-mail, or a URL's origin. */
    public String target() {
        return channel == Channel.EMAIL ? address : WebhookUrls.origin(address);
    }
}
