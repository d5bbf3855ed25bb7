/**
 * RFC 9162 (Certificate Transparency v2) Merkle trees over a region's audit chain.
 *
 * <p>The hash chain already makes every event depend on all earlier ones, but proving that a later signed
 * checkpoint extends an earlier one, or that one event is in the trail, costs O(n) chain links. A Merkle tree
 * whose leaves are the chain hashes (leaf index {@code i - 1} holds {@code H_i}) gives O(log n) proofs:
 * <ul>
 *   <li>an {@link dev.warden.audit.merkle.InclusionProof} shows that one leaf is in the tree of a checkpoint
 *       (RFC 9162 section 2.1.3);</li>
 *   <li>a {@link dev.warden.audit.merkle.ConsistencyProof} shows that the tree of a later checkpoint is an
 *       append-only extension of an earlier one, so a witness can refuse a rewritten history
 *       (section 2.1.4).</li>
 * </ul>
 * Hashing follows section 2.1.1 ({@link dev.warden.audit.merkle.MerkleHash}); a writer keeps only the
 * {@link dev.warden.audit.merkle.CompactRange} (one hash per set bit of the size) to extend the tree and to
 * prove consistency from its last checkpoint.
 *
 * <p>Everything here is pure: no I/O, no threads, no framework, only {@link java.security.MessageDigest}.
 * Storage, signing and transport belong to the callers.
 */
package dev.warden.audit.merkle;
