/**
 * Security monitoring: per-thing (and per-address, per-user, per-principal) behaviour metrics computed from what the
 * node already sees, security profiles with static, statistical and learned thresholds, alarms within seconds, and
 * mitigations (quarantine, revocation, bans, notification).
 *
 * <p>A capability that depends only on cores (gateway, policy, storage, audit) and never on HTTP or the node; the
 * node feeds it events and gives it the registry's actions through interfaces. Every refusal is a
 * {@link dev.warden.monitor.MonitorException} with a {@link dev.warden.monitor.MonitorReason}; {@code warden-api}
 * alone maps reasons to HTTP statuses. Migrations are in {@code db/migration/monitor}.
 *
 * <p>Packages: {@code core} (the pure engine), {@code store} (tables and DAOs), {@code profiles} (stored, versioned
 * profiles), {@code alarms} (the alarm book, suppressions), {@code mitigation} (what is done about an alarm).
 */
package dev.warden.monitor;
