/**
 * Mitigations of alarms: quarantine, revocation, disabling a thing, bans, raised audit detail and signed webhook
 * notifications, each an IAM action and an audit event naming the alarm that triggered it.
 */
package dev.warden.monitor.mitigation;
