/**
 * The audit tables and what reads them back: the store, retention into self-verifying archives, and verification of
 * the chains a database holds.
 *
 * <p>Append and read only: the application has no path that updates or deletes an event or a checkpoint, except the
 * archiver, which removes rows only after their archive is written, verified and itself recorded as an event in the
 * chain. Verification hashes rows from the bytes the database holds, not from what Warden meant to write, so an edited
 * row is caught; {@link dev.warden.audit.store.StoredTrailVerifier} may split a long chain over a few short-lived
 * {@code warden-audit-verify} threads. Only the trail's writer thread appends, and the migrations live in
 * {@code db/migration/audit}.
 */
package dev.warden.audit.store;
