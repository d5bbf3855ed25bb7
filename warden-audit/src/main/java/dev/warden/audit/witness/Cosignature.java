package dev.warden.audit.witness;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.EventCanonicalForm;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A witness's countersignature of one checkpoint: "I, key {@code witnessKeyId}, saw checkpoint {@code digestSeq} of
 * {@code region}, whose tree of {@code toSeq} leaves has root {@code merkleRoot}, at {@code witnessedAtNanos}, and it
 * extended everything of that region I had seen before".
 *
 * <p>The signed statement is the canonical form ({@link EventCanonicalForm.Writer}) of {@code "warden-witness-v1"},
 * region, digestSeq, toSeq, merkleRoot, checkpointHash and witnessedAtNanos. Its own leading text keeps it from ever
 * verifying as a checkpoint signed by the same kind of key, and the reverse.
 *
 * @param checkpointHash {@link AuditDigest#hash()} of the cosigned checkpoint, which covers its signature
 * @param witnessKeyId   SHA-256 of the witness's public key (SubjectPublicKeyInfo), hex
 * @param signature      ECDSA P-256 / SHA-256 over {@link #statement()}, base64
 */
public record Cosignature(
        String region,
        long digestSeq,
        long toSeq,
        String merkleRoot,
        String checkpointHash,
        long witnessedAtNanos,
        String witnessKeyId,
        String signature) {
    public static final String DOMAIN = "warden-witness-v1";

    public Cosignature {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        Objects.requireNonNull(checkpointHash, "checkpointHash");
        Objects.requireNonNull(witnessKeyId, "witnessKeyId");
    }

    /** Countersigns {@code checkpoint} with the witness's key. */
    public static Cosignature sign(AuditDigest checkpoint, long witnessedAtNanos, DigestSigner witness) {
        Cosignature unsigned = of(checkpoint, witnessedAtNanos, witness.keyId(), null);
        return unsigned.withSignature(witness.signStatement(unsigned.statement()));
    }

    /** The cosignature a witness returned for {@code checkpoint}, rebuilt from the checkpoint's own fields. */
    public static Cosignature of(AuditDigest checkpoint, long witnessedAtNanos, String witnessKeyId, String signature) {
        return new Cosignature(
                checkpoint.region(),
                checkpoint.digestSeq(),
                checkpoint.toSeq(),
                checkpoint.merkleRoot(),
                checkpoint.hash(),
                witnessedAtNanos,
                witnessKeyId,
                signature);
    }

    /** The canonical bytes that are signed. */
    public byte[] statement() {
        EventCanonicalForm.Writer w = new EventCanonicalForm.Writer();
        w.text(DOMAIN);
        w.text(region);
        w.number(digestSeq);
        w.number(toSeq);
        w.text(merkleRoot);
        w.text(checkpointHash);
        w.number(witnessedAtNanos);
        return w.bytes();
    }

    /** True only when {@code witnessKey} is the named key and signed this statement; never throws. */
    public boolean verify(PublicKey witnessKey) {
        return witnessKey != null
                && DigestSigner.keyIdOf(witnessKey).equals(witnessKeyId)
                && DigestSigner.verifyStatement(statement(), signature, witnessKey);
    }

    /** True when this cosignature is about {@code checkpoint} (same region, position, tree and hash). */
    public boolean covers(AuditDigest checkpoint) {
        return region.equals(checkpoint.region())
                && digestSeq == checkpoint.digestSeq()
                && toSeq == checkpoint.toSeq()
                && merkleRoot.equals(checkpoint.merkleRoot())
                && checkpointHash.equals(checkpoint.hash());
    }

    public Cosignature withSignature(String value) {
        return new Cosignature(
                region, digestSeq, toSeq, merkleRoot, checkpointHash, witnessedAtNanos, witnessKeyId, value);
    }
}
