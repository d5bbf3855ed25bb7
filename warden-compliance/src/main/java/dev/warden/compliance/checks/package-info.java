/**
 * The posture checks: one small class per {@link dev.warden.compliance.core.CheckId}, each a pure function of the
 * {@link dev.warden.compliance.inventory.Inventory} and the {@link dev.warden.compliance.checks.CheckContext} (the
 * thresholds and the run's time). No I/O, no clock, no thread: the inventory has read everything already, and the
 * engine decides what the findings mean for the stored ones.
 *
 * <p>Each finding names its resource by ARN ({@link dev.warden.policy.Arn}), carries a stable reason code, a detail a
 * person reads, a remediation text and, where one admin API call fixes it, the {@link dev.warden.compliance.core.Fix}
 * (the command a person would type and the call it makes, see {@link dev.warden.compliance.checks.Fixes}): a fix is
 * run by the CLI with the caller's own credential, never by the node with rights of its own.
 *
 * <p>What a check must never do: report a resource as fine because it could not read it (a part that fails to read
 * throws, and the engine leaves that check's findings as they were), or depend on anything but the inventory.
 * Policy checks reuse warden-policy's {@link dev.warden.policy.LeastPrivilegeAnalyzer} (what {@code warden policy
 * analyze} reports) and its evaluator, so that a check and the authorizer never disagree about what a policy allows.
 */
package dev.warden.compliance.checks;
