package dev.warden.tuf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hashes TUF metadata lists for files ({@code {"sha256": hex, "sha512": hex}}), computed and checked.
 *
 * <p>Checking is all-or-nothing: every listed hash must match, and a listed algorithm this class cannot compute is a
 * failure, never skipped, since a skipped hash is one an attacker chooses.
 */
public final class Hashes {
    private static final Map<String, String> ALGORITHMS =
            Map.of("sha256", "SHA-256", "sha384", "SHA-384", "sha512", "SHA-512");

    private Hashes() {}

    /** SHA-256 and SHA-512 of {@code data}, as Warden lists them for targets and metadata files. */
    public static Map<String, String> of(byte[] data) {
        Map<String, String> hashes = new TreeMap<>();
        hashes.put("sha256", hex("sha256", data));
        hashes.put("sha512", hex("sha512", data));
        return hashes;
    }

    /**
     * Checks {@code data} against every hash in {@code expected}.
     *
     * @throws TufException {@link TufReason#HASH_MISMATCH} naming the first hash that differs or cannot be checked
     */
    public static void check(Map<String, String> expected, byte[] data, String what) {
        for (Map.Entry<String, String> entry : new TreeMap<>(expected).entrySet()) {
            if (!ALGORITHMS.containsKey(entry.getKey())) {
                throw new TufException(
                        TufReason.HASH_MISMATCH,
                        what + ": cannot check hash algorithm " + TufJson.quote(entry.getKey()));
            }
            String actual = hex(entry.getKey(), data);
            // Hex digests compare as text, lowercase, as tuf-js and python-tuf compare them.
            if (!actual.equals(entry.getValue())) {
                throw new TufException(
                        TufReason.HASH_MISMATCH,
                        what + ": " + entry.getKey() + " is " + actual + ", metadata lists "
                                + TufJson.quote(entry.getValue()));
            }
        }
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance(ALGORITHMS.get(algorithm)).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }
}
