package dev.warden.audit.anchor;

/**
 * An audit-signing key of the region from the checkpoint it starts signing on, written to the anchor when the key
 * starts (at the node's first start, and at each rotation). A verifier that trusts the anchor accepts a checkpoint
 * only under the anchored key whose range holds it, so a trail re-signed under another key is caught.
 *
 * @param keyId          SHA-256 of the SubjectPublicKeyInfo, hex (what checkpoints name)
 * @param publicKeyPem   the public key, PEM
 * @param fromDigestSeq  the first checkpoint the key signs
 * @param createdAtNanos when the key was created, UTC epoch nanoseconds
 */
public record AnchoredKey(String region, String keyId, String publicKeyPem, long fromDigestSeq, long createdAtNanos) {}
