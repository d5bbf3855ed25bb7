package dev.warden.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The chain's link function. Pure; one instance per thread (it holds a {@link MessageDigest}). */
public final class HashChain {
    /** The hash that the first event of every region chains to. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();
    private final MessageDigest sha256;

    public HashChain() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** {@code SHA-256(previousHash || canonical(event))}, hex. */
    public String link(String previousHash, AuditEvent event) {
        return link(previousHash, EventCanonicalForm.of(event));
    }

    /** The same link over an already serialized event (lets a verifier serialize once and try several anchors). */
    public String link(String previousHash, byte[] canonicalEvent) {
        sha256.update(HEX.parseHex(previousHash));
        sha256.update(canonicalEvent);
        return HEX.formatHex(sha256.digest());
    }

    /** The link as raw bytes, over a serialized event held in a reusable buffer. */
    byte[] link(byte[] previousHash, byte[] canonical, int length) {
        sha256.update(previousHash);
        sha256.update(canonical, 0, length);
        return sha256.digest();
    }

    static byte[] parse(String hex) {
        return HEX.parseHex(hex);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
