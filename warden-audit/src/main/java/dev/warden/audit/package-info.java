/**
 * A region's tamper-evident audit trail: events linked into a SHA-256 hash chain, signed checkpoints with an RFC 9162
 * Merkle root, a sealed head after every commit, and the offline verifier that checks all of it with public keys
 * alone.
 *
 * <p>Threads: one writer thread per region ({@link dev.warden.audit.AuditLog}) owns the chain head and group-commits
 * batches; everything else only enqueues. The data plane {@code record}s without ever blocking (a full queue drops
 * and counts), admin actions {@code recordDurable} and are refused ({@link dev.warden.audit.AuditUnavailableException})
 * while the trail cannot write, sign or anchor: the system fails closed on the admin side, and devices never wait
 * for it. {@link dev.warden.audit.NodeAudit} stamps events with region, node and the actor that
 * {@link dev.warden.audit.AuditScope} holds for the current request thread (the system when none). The link function,
 * the canonical form, the chain verifier and {@link dev.warden.audit.TrailRecovery} are pure, so the node, the CLI
 * and an outside verifier apply the very same rules. Events carry reason codes, ids and fingerprints, never secrets
 * or device payloads. A core: it depends only on {@code warden-storage} and {@code warden-pki}.
 */
package dev.warden.audit;
