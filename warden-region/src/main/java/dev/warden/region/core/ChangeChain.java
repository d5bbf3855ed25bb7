package dev.warden.region.core;

import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BiPredicate;

/**
 * The rules of the IAM change log: each entry's hash covers its sequence number, the previous entry's hash and its
 * body, so that a member notices a missing, reordered, replayed or altered entry; the signature over the hash says
 * the control region wrote it.
 */
public final class ChangeChain {
    /** The "previous hash" of entry 1. */
    public static final String GENESIS = "0".repeat(64);

    private ChangeChain() {}

    /** SHA-256 over {@code seq}, {@code prevHash} and {@code body}, newline-separated, in hex. */
    public static String hash(long seq, String prevHash, String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((seq + "\n" + prevHash + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks that {@code next} follows the entry last applied ({@code appliedSeq}, {@code appliedHash}), that its hash
     * is right, and that {@code signatureValid} accepts (hash, signature).
     *
     * @throws RegionException {@link RegionReason#CHANGE_OUT_OF_ORDER} or {@link RegionReason#CHANGE_TAMPERED}
     */
    public static void verifyNext(
            long appliedSeq, String appliedHash, ChangeEntry next, BiPredicate<String, String> signatureValid) {
        if (next.seq() != appliedSeq + 1) {
            throw new RegionException(
                    RegionReason.CHANGE_OUT_OF_ORDER,
                    "change " + next.seq() + " does not follow the last applied change " + appliedSeq);
        }
        if (!appliedHash.equals(next.prevHash())) {
            throw new RegionException(
                    RegionReason.CHANGE_OUT_OF_ORDER,
                    "change " + next.seq() + " does not link to the last applied change " + appliedSeq);
        }
        if (!hash(next.seq(), next.prevHash(), next.body()).equals(next.hash())) {
            throw new RegionException(
                    RegionReason.CHANGE_TAMPERED, "change " + next.seq() + ": its hash does not match its content");
        }
        if (!signatureValid.test(next.hash(), next.signature())) {
            throw new RegionException(
                    RegionReason.CHANGE_TAMPERED,
                    "change " + next.seq() + ": its signature is not the control region's");
        }
    }
}
