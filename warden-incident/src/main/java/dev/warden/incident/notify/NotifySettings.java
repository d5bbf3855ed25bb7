package dev.warden.incident.notify;

import dev.warden.incident.oncall.WebhookUrls;
import dev.warden.monitor.mitigation.RetryPolicy;
import java.util.Optional;

/**
 * Incident notification settings, all off by default ({@link #OFF}): no e-mail without an SMTP server, no webhook
 * without a URL, nobody resolved without a schedule, no escalation without a policy. Notices are still stored in the
 * outbox (with no rows) and handed to nobody; the lead's config maps {@code warden.yaml} onto this record.
 *
 * @param smtp              the SMTP server for e-mail, or empty for no e-mail
 * @param webhookUrl        a webhook that hears every notice (a team channel), or empty
 * @param webhookSecretName the secrets-manager name of the key that signs every incident webhook (the global one and
 *                          each participant's own); required when any webhook is used
 * @param defaultSchedule   the on-call schedule that answers when an incident has no commander
 * @param escalationPolicy  the escalation chain an opened incident runs until acknowledged
 * @param retry             how each delivery is retried (the monitor's policy and defaults)
 */
public record NotifySettings(
        Optional<SmtpSettings> smtp,
        Optional<String> webhookUrl,
        Optional<String> webhookSecretName,
        Optional<String> defaultSchedule,
        Optional<String> escalationPolicy,
        RetryPolicy retry) {

    public static final NotifySettings OFF = new NotifySettings(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            RetryPolicy.DEFAULT);

    public NotifySettings {
        if (webhookUrl.isPresent()) {
            try {
                WebhookUrls.require(webhookUrl.get());
            } catch (IllegalArgumentException e) {
                throw SmtpSettings.invalid("the incident webhook URL: " + e.getMessage());
            }
            if (webhookSecretName.isEmpty()) {
                throw SmtpSettings.invalid("an incident webhook needs a signing secret name");
            }
        }
    }

    public NotifySettings withSmtp(SmtpSettings s) {
        return new NotifySettings(
                Optional.of(s), webhookUrl, webhookSecretName, defaultSchedule, escalationPolicy, retry);
    }

    public NotifySettings withWebhook(String url, String secretName) {
        return new NotifySettings(
                smtp, Optional.of(url), Optional.of(secretName), defaultSchedule, escalationPolicy, retry);
    }

    /** Signs participants' own webhooks without a team webhook. */
    public NotifySettings withWebhookSecret(String secretName) {
        return new NotifySettings(smtp, webhookUrl, Optional.of(secretName), defaultSchedule, escalationPolicy, retry);
    }

    public NotifySettings withOnCall(String schedule, Optional<String> policy) {
        return new NotifySettings(smtp, webhookUrl, webhookSecretName, Optional.of(schedule), policy, retry);
    }

    public NotifySettings withRetry(RetryPolicy r) {
        return new NotifySettings(smtp, webhookUrl, webhookSecretName, defaultSchedule, escalationPolicy, r);
    }
}
