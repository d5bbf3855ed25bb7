package dev.warden.audit;

import java.security.PublicKey;
import java.util.Objects;

/**
 * An audit-signing public key a verifier trusts, with the checkpoints it may have signed: a region's keys across
 * rotations each sign one range of the digest chain, so a retired key cannot sign a checkpoint after its range (a
 * stolen old key must not be able to re-sign a trail).
 *
 * @param fromDigestSeq the first checkpoint the key signed (1 for the region's first key)
 * @param toDigestSeq   the last one, or {@code null} for the current key (and for a key trusted without a range)
 */
public record TrustedKey(PublicKey publicKey, long fromDigestSeq, Long toDigestSeq) {

    public TrustedKey {
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** A key trusted for every checkpoint (a key file passed on its own, without its validity). */
    public static TrustedKey always(PublicKey publicKey) {
        return new TrustedKey(publicKey, 1, null);
    }

    public String keyId() {
        return DigestSigner.keyIdOf(publicKey);
    }

    /** True when this key may have signed checkpoint {@code digestSeq}. */
    public boolean covers(long digestSeq) {
        return digestSeq >= fromDigestSeq && (toDigestSeq == null || digestSeq <= toDigestSeq);
    }

    /** The validity as text, for a message: {@code "digests 3..7"} or {@code "digests 3.."}. */
    public String range() {
        return "digests " + fromDigestSeq + ".." + (toDigestSeq == null ? "" : toDigestSeq);
    }
}
