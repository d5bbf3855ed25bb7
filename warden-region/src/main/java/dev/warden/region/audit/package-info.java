/**
 * Central audit: every member region ships its audit chain (events and signed checkpoints) to the deployment's audit
 * region over its region link, and the audit region keeps each region's chain apart from its own trail. A member's
 * {@link dev.warden.region.audit.AuditShipper} asks the audit region where its copy ends and sends what follows, in
 * bounded batches, within a second of the commit. The {@link dev.warden.region.audit.AuditReceiver} verifies every
 * batch before it stores any of it ({@link dev.warden.region.audit.BatchVerifier}: the chain continues the stored one,
 * each event hashes to its link, each checkpoint chains and is signed by a key pinned for that region, a new key only
 * after a rotation a pinned key signed); a batch that does not verify is refused whole and audited. Verification
 * reuses {@code warden-audit}'s canonical form, hash chain and signature checks; nothing here is new cryptography.
 *
 * <p>Only metadata crosses a region's border: an audit event says who did what to which resource and with what
 * result, never a payload, secret or value ({@link dev.warden.region.audit.MetadataOnly} holds both ends to it).
 */
package dev.warden.region.audit;
