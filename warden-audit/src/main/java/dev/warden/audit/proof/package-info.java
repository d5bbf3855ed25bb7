/**
 * Self-contained proofs that one audit event is in a region's signed trail (RFC 9162 inclusion proofs over the
 * chain hashes), built from a store's contents and verified with nothing but the region's public audit keys.
 *
 * <p>An {@link dev.warden.audit.proof.EventProof} carries the event, the chain hash before it, the audit path of
 * its leaf ({@code seq - 1}) and the signed version 2 checkpoint whose Merkle root the path leads to, optionally
 * with a consistency proof to a checkpoint the verifier already trusts. {@link dev.warden.audit.proof.ProofCheck}
 * recomputes the event's chain hash from its canonical form, the leaf hash, the root, and checks the signature and
 * the key's validity; {@link dev.warden.audit.proof.EventProofJson} is the file format;
 * {@link dev.warden.audit.proof.ChainHashes} holds a trail's chain hashes compactly while a proof is built.
 *
 * <p>Pure: no I/O, no threads; reading the store and files belongs to the callers (the CLI and the admin API).
 */
package dev.warden.audit.proof;
