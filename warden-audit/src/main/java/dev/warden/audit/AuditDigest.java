package dev.warden.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed checkpoint: "events {@code fromSeq..toSeq} of this region end in {@code headHash}", chained to the
 * previous checkpoint (whose hash covers its signature), as CloudTrail's digest files are. Checkpoints form their own
 * chain so that a deleted or forged one is caught as well as an edited event. A heartbeat checkpoint covers no new
 * event ({@code fromSeq == toSeq + 1}): it proves the trail was still this long at {@code createdAtNanos}, so a
 * missing newest checkpoint shows as a gap in time.
 *
 * <p>Version 1 digests (no Merkle root) are still verified; the writer signs version 2, which adds the chain
 * {@code epoch} and the RFC 9162 Merkle root over the chain hashes of events {@code 1..toSeq}.
 *
 * @param digestSeq          1-based position in the region's digest chain
 * @param previousDigestHash {@link HashChain#GENESIS} for the first digest
 * @param keyId              SHA-256 of the signing public key (SubjectPublicKeyInfo), hex
 * @param signature          ECDSA P-256 / SHA-256 over {@link #signedBytes()}, base64
 * @param epoch              0 until the node first finds events it did not write; then one more for each such find
 * @param merkleRoot         hex root of the tree of size {@code toSeq}, or {@code null} for a version 1 digest
 */
public record AuditDigest(
        String region,
        long digestSeq,
        long fromSeq,
        long toSeq,
        String headHash,
        String previousDigestHash,
        long createdAtNanos,
        String keyId,
        String signature,
        long epoch,
        String merkleRoot) {

    public AuditDigest {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(previousDigestHash, "previousDigestHash");
        Objects.requireNonNull(keyId, "keyId");
    }

    /** A version 1 digest (no epoch, no Merkle root), as nodes before checkpoints wrote them. */
    public AuditDigest(
            String region,
            long digestSeq,
            long fromSeq,
            long toSeq,
            String headHash,
            String previousDigestHash,
            long createdAtNanos,
            String keyId,
            String signature) {
        this(
                region,
                digestSeq,
                fromSeq,
                toSeq,
                headHash,
                previousDigestHash,
                createdAtNanos,
                keyId,
                signature,
                0,
                null);
    }

    /** True for a checkpoint that covers no new event (written on the heartbeat). */
    public boolean heartbeat() {
        return toSeq == fromSeq - 1;
    }

    /** The canonical bytes that are signed: every field except the signature. */
    public byte[] signedBytes() {
        EventCanonicalForm.Writer w = new EventCanonicalForm.Writer();
        w.text(merkleRoot == null ? "warden-audit-digest-v1" : "warden-audit-checkpoint-v2");
        w.text(region);
        w.number(digestSeq);
        w.number(fromSeq);
        w.number(toSeq);
        w.text(headHash);
        w.text(previousDigestHash);
        w.number(createdAtNanos);
        w.text(keyId);
        if (merkleRoot != null) {
            w.number(epoch);
            w.text(merkleRoot);
        }
        return w.bytes();
    }

    /**
     * The hash the next digest chains to; it covers the signature too, so a re-signed digest breaks the chain. A
     * signature that is not base64 (an edit) is hashed as its text: the chain then breaks, it never throws.
     */
    public String hash() {
        byte[] signed = signedBytes();
        byte[] sig = signatureBytes();
        if (sig == null) {
            sig = signature.getBytes(StandardCharsets.UTF_8);
        }
        byte[] all = new byte[signed.length + sig.length];
        System.arraycopy(signed, 0, all, 0, signed.length);
        System.arraycopy(sig, 0, all, signed.length, sig.length);
        return HashChain.hex(HashChain.sha256(all));
    }

    /** The decoded signature; empty when unsigned, {@code null} when it is not base64. */
    byte[] signatureBytes() {
        if (signature == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public AuditDigest withSignature(String value) {
        return new AuditDigest(
                region,
                digestSeq,
                fromSeq,
                toSeq,
                headHash,
                previousDigestHash,
                createdAtNanos,
                keyId,
                value,
                epoch,
                merkleRoot);
    }
}
