/**
 * Incident notifications: who hears a notice, over which channel, and the proof that it went out.
 *
 * <p>{@link dev.warden.incident.notify.IncidentNotifier} is the one entry point. A notice (opened, deadline warning,
 * deadline breach, escalation, update) goes to the incident's commander, else to whoever the default schedule has on
 * call, by e-mail over SMTP ({@code SmtpMailer}: STARTTLS required or implicit TLS; plain only to localhost) and to
 * their own webhook if they have one; the team webhook of the settings hears every notice. Webhooks are signed in
 * monitoring's format ({@link dev.warden.monitor.mitigation.WebhookSignature}) so one receiver verifies both.
 *
 * <p>Threads: {@code notify} stores and returns on the caller's thread; two outbox threads send and retry; one timer
 * thread runs the escalation chains. Durability: every notification is a row of {@code incident_notify_outbox}
 * before its first attempt; its dedup key (incident, kind, clock, due time, channel, recipient) is unique, so a
 * notice raised again after a restart adds nothing and a delivered one is never sent twice. Escalations under way
 * are rows of {@code incident_notify_escalations}; {@code resume()} at start picks up both.
 *
 * <p>Secrets: the SMTP password and webhook signing keys are named in {@link dev.warden.incident.notify.NotifySettings}
 * and read through the node's function at each attempt; none is stored, logged or put in an error. Stored errors and
 * logs name an exception's class or an SMTP/HTTP code, never a server's text, and only a webhook URL's origin.
 * Each notification's end (delivered, failed) goes to the {@link dev.warden.incident.notify.NotificationListener},
 * which writes it into the incident's audit trail.
 */
package dev.warden.incident.notify;
