/**
 * The engine: it runs checks over a fresh {@link dev.warden.compliance.inventory.Inventory}, diffs what they found
 * against the stored findings of those checks (new: open, or suppressed when an unexpired suppression matches; still
 * there: seen again; gone: resolved) in one transaction, records the run, and sends the run and each finding opened or
 * resolved to the audit trail.
 *
 * <p>Threads: one, {@code warden-compliance} ({@link dev.warden.compliance.engine.ComplianceWorker}), runs every
 * run, so runs never overlap and the inventory's caches need no locking. The node's audit events reach
 * {@link dev.warden.compliance.engine.ChangeTrigger} on whatever thread recorded them; it only maps the action to the
 * checks it can affect ({@link dev.warden.compliance.engine.ChangeTriggers}) and hands them to the worker, which
 * gathers changes for a short debounce and runs those checks: a finding appears or resolves within seconds of the
 * change. A full run is scheduled daily by the node and can be asked for on demand. What changes with time alone
 * faster than daily, a member region's copy of IAM going stale, has its own watch
 * ({@link dev.warden.compliance.engine.RegionIamWatch}): the node samples it and it asks for a run of its check when
 * the answer changes.
 *
 * <p>What it must never do: resolve a finding because its check failed (a check that throws leaves its findings as
 * they were, and the run records it as failed), or act on a finding: fixes are run by the caller, with the caller's
 * own credential, through the admin API.
 */
package dev.warden.compliance.engine;
