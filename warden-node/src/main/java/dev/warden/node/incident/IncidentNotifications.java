package dev.warden.node.incident;

import dev.warden.incident.core.ClockEvent;
import dev.warden.incident.core.Incident;
import dev.warden.incident.notify.IncidentNotice;
import dev.warden.incident.notify.IncidentNotifier;
import dev.warden.incident.notify.NotifySettings;
import dev.warden.incident.notify.SmtpSettings;
import dev.warden.incident.notify.TlsMode;
import dev.warden.incident.service.ClockListener;
import dev.warden.node.config.WardenConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who hears about an incident, and when: its opening (which starts the escalation chain), each clock's warning and
 * breach; an acknowledgement or the close settles the chain. The notifier stores every notice before it is sent, so
 * a notice owed across a restart is sent once.
 */
public final class IncidentNotifications implements ClockListener {
    private final IncidentNotifier notifier;

    public IncidentNotifications(IncidentNotifier notifier) {
        this.notifier = notifier;
    }

    /** The configuration's notification settings; all off by default. */
    public static NotifySettings settings(WardenConfig.Incidents c) {
        NotifySettings s = NotifySettings.OFF;
        if (!c.smtpHost().isBlank()) {
            SmtpSettings smtp = new SmtpSettings(
                    c.smtpHost(),
                    c.smtpPort(),
                    TlsMode.parse(c.smtpTls()),
                    c.smtpFrom(),
                    optional(c.smtpUsername()),
                    optional(c.smtpPasswordSecret()),
                    Duration.ofSeconds(10));
            s = s.withSmtp(smtp);
        }
        if (!c.webhookUrl().isBlank()) {
            if (c.webhookSecret().isBlank()) {
                // Never sent unsigned: the node refuses to start rather than post incidents a receiver cannot trust.
                throw new dev.warden.node.config.ConfigException(
                        "incident-webhook-url needs incident-webhook-secret, the name of the secret that signs it");
            }
            s = s.withWebhook(c.webhookUrl(), c.webhookSecret());
        } else if (!c.webhookSecret().isBlank()) {
            s = s.withWebhookSecret(c.webhookSecret());
        }
        if (!c.oncallSchedule().isBlank()) {
            s = s.withOnCall(c.oncallSchedule(), optional(c.escalationPolicy()));
        }
        return s;
    }

    public void opened(Incident i) {
        notifier.notify(new IncidentNotice(
                i.id(),
                i.title(),
                i.severity(),
                IncidentNotice.Kind.OPENED,
                "detected",
                i.detectedAt(),
                "Incident " + i.id() + " (" + i.severity().id() + ") opened from "
                        + i.source().kind().id() + ".",
                i.commander()));
    }

    @Override
    public void fired(Incident i, ClockEvent e, Instant at) {
        notifier.notify(IncidentNotice.deadline(
                i.id(),
                i.title(),
                i.severity(),
                e.kind() == ClockEvent.Kind.BREACH,
                e.deadline().clock(),
                e.deadline().dueAt(),
                i.commander()));
    }

    /** After any change: an acknowledged or closed incident needs no more escalation. */
    public void changed(Incident i) {
        if (i.acknowledgedAt().isPresent() || !i.open()) {
            notifier.settle(i.id());
        }
    }

    private static Optional<String> optional(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
