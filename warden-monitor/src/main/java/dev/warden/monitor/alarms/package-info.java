/**
 * Alarms as the node keeps them: {@link dev.warden.monitor.alarms.AlarmBook} receives the engine's transitions on
 * the monitor thread, stores each raise as a row and each clear on it, records every raise, clear and invalidation
 * in the audit trail, and runs the behaviour's automatic mitigations for raises that no suppression covers.
 * {@link dev.warden.monitor.alarms.Suppressions} holds the suppressions (reason, expiry of at most 90 days).
 *
 * <p>Threads: {@code onTransitions} runs on the monitor thread and must never throw into it (a failed write or
 * mitigation is logged, the loop goes on); the queries, verification and manual mitigation run on request threads.
 * What it must never do: run an automatic mitigation for a suppressed alarm, or for one whose row was not committed;
 * put a secret (a notify secret's value) into an alarm, its detail or its audit event.
 */
package dev.warden.monitor.alarms;
