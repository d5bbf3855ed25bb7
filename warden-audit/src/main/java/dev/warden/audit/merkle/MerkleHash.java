package dev.warden.audit.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The RFC 9162 section 2.1.1 hash functions with SHA-256. Leaves and interior nodes get different one-byte
 * prefixes so that a leaf can never be passed off as a node (or the reverse) to forge a second tree with the
 * same root.
 */
public final class MerkleHash {
    /** Length in bytes of every hash in the tree. */
    public static final int LENGTH = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] EMPTY_ROOT = sha256().digest();

    private MerkleHash() {}

    /** {@code SHA-256(0x00 || leafInput)}; any length of input (the RFC 6962 test leaves are not 32 bytes). */
    public static byte[] leafHash(byte[] leafInput) {
        Objects.requireNonNull(leafInput, "leafInput");
        MessageDigest sha256 = sha256();
        sha256.update(LEAF_PREFIX);
        sha256.update(leafInput);
        return sha256.digest();
    }

    /** {@code SHA-256(0x01 || left || right)}; both sides must be 32-byte hashes. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        requireHash(left, "left");
        requireHash(right, "right");
        MessageDigest sha256 = sha256();
        sha256.update(NODE_PREFIX);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /** The root of the empty tree: {@code SHA-256("")} (RFC 9162 section 2.1.1). */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** Lower-case hex of a hash. */
    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /**
     * Parses the hex of one 32-byte hash.
     *
     * @throws IllegalArgumentException if the text is not 64 hex digits
     */
    public static byte[] parseHash(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a hash is " + 2 * LENGTH + " hex digits, got "
                    + (hex == null ? "null" : hex.length() + " characters"));
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex hash: '" + hex + "'", e);
        }
    }

    static boolean isHash(byte[] bytes) {
        return bytes != null && bytes.length == LENGTH;
    }

    static byte[] requireHash(byte[] bytes, String what) {
        if (!isHash(bytes)) {
            throw new IllegalArgumentException(what + " must be a " + LENGTH + "-byte hash, got "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        return bytes;
    }

    /** The hashes of a proof path, or null if any element is not a hash: verifiers answer false, never throw. */
    static List<byte[]> parsePathOrNull(List<String> path) {
        if (path == null) {
            return null;
        }
        List<byte[]> hashes = new ArrayList<>(path.size());
        for (String element : path) {
            try {
                hashes.add(parseHash(element));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return hashes;
    }

    /** The RFC's split point k for a range of n > 1 leaves: the largest power of two smaller than n. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * A fresh digest per call: a {@link MessageDigest} is not thread-safe, and its lookup costs far less than
     * the I/O around any audit write, so no cache or thread-local state is kept.
     */
    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
