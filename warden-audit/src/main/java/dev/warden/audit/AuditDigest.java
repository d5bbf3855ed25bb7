package dev.warden.audit;

import java.util.Base64;
import java.util.Objects;

/**
 * A signed statement "events {@code fromSeq..toSeq} of this region end in {@code headHash}", chained to the previous
 * digest (whose hash covers its signature), as CloudTrail's digest files are. Digests form their own chain so that a
 * deleted or forged digest is caught as well as an edited event.
 *
 * @param digestSeq          1-based position in the region's digest chain
 * @param previousDigestHash {@link HashChain#GENESIS} for the first digest
 * @param keyId              SHA-256 of the signing public key (SubjectPublicKeyInfo), hex
 * @param signature          ECDSA P-256 / SHA-256 over {@link #signedBytes()}, base64
 */
public record AuditDigest(String region, long digestSeq, long fromSeq, long toSeq, String headHash,
                          String previousDigestHash, long createdAtNanos, String keyId, String signature) {

    public AuditDigest {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(previousDigestHash, "previousDigestHash");
        Objects.requireNonNull(keyId, "keyId");
    }

    /** The canonical bytes that are signed: every field except the signature. */
    public byte[] signedBytes() {
        EventCanonicalForm.Writer w = new EventCanonicalForm.Writer();
        w.text("warden-audit-digest-v1");
        w.text(region);
        w.number(digestSeq);
        w.number(fromSeq);
        w.number(toSeq);
        w.text(headHash);
        w.text(previousDigestHash);
        w.number(createdAtNanos);
        w.text(keyId);
        return w.bytes();
    }

    /** The hash the next digest chains to; it covers the signature too, so a re-signed digest breaks the chain. */
    public String hash() {
        byte[] signed = signedBytes();
        byte[] sig = signature == null ? new byte[0] : Base64.getDecoder().decode(signature);
        byte[] all = new byte[signed.length + sig.length];
        System.arraycopy(signed, 0, all, 0, signed.length);
        System.arraycopy(sig, 0, all, signed.length, sig.length);
        return HashChain.hex(HashChain.sha256(all));
    }

    public AuditDigest withSignature(String value) {
        return new AuditDigest(region, digestSeq, fromSeq, toSeq, headHash, previousDigestHash, createdAtNanos, keyId, value);
    }
}
