/**
 * Mitigations of alarms: quarantine, revocation, disabling a thing, bans, raised audit detail and signed webhook
 * notifications, each an IAM action and an audit event naming the alarm that triggered it.
 *
 * <p>{@link dev.warden.monitor.mitigation.MitigationService} is the {@link dev.warden.monitor.mitigation.Mitigator}:
 * it checks that the action applies to the alarm's target, keeps one row per mitigation (pending, then done or failed,
 * never done for something that failed), records an automatic mitigation's intent in the audit trail before acting
 * (no intent, no action) and its outcome after. What the actions act on, the registry and the gateway, is behind
 * {@link dev.warden.monitor.mitigation.MitigationTargets}, which the node implements: the monitor depends on neither.
 *
 * <p>Threads: automatic mitigations run on the monitor thread and manual ones on admin request threads; both block
 * only on the database and the trail. Webhook deliveries run on the notifier's own small pool
 * ({@link dev.warden.monitor.mitigation.WebhookNotifier}), persisted and resumed after a restart. Secrets: a webhook's
 * signing secret is read by name at each attempt and never stored, logged or put in an error; a webhook URL is shown
 * in logs and errors by its origin only.
 */
package dev.warden.monitor.mitigation;
