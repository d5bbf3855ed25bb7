package dev.warden.iam;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC from the JDK): 6 digits, 30-second steps,
 * one step of clock drift accepted either way.
 */
public final class Totp {
    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    /** The code for {@code time}, with the given HMAC algorithm (HmacSHA1, HmacSHA256, HmacSHA512) and digits. */
    public static String code(byte[] secret, Instant time, String algorithm, int digits) {
        return hotp(secret, Math.floorDiv(time.getEpochSecond(), STEP_SECONDS), algorithm, digits);
    }

    public static String code(byte[] secret, Instant time) {
        return code(secret, time, "HmacSHA1", DIGITS);
    }

    /**
     * Whether {@code candidate} is the code of the step of {@code now} or an adjacent one, and of a step after
     * {@code lastUsedStep} (a code is never accepted twice). Returns the matched step, or -1.
     */
    public static long verify(byte[] secret, String candidate, Instant now, long lastUsedStep) {
        if (candidate == null
                || candidate.length() != DIGITS
                || !candidate.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long step = Math.floorDiv(now.getEpochSecond(), STEP_SECONDS);
        long matched = -1;
        for (long s = step - 1; s <= step + 1; s++) {
            boolean equal =
                    MessageDigest.isEqual(hotp(secret, s, "HmacSHA1", DIGITS).getBytes(), candidate.getBytes());
            if (equal && s > lastUsedStep) {
                matched = s;
            }
        }
        return matched;
    }

    static String hotp(byte[] secret, long counter, String algorithm, int digits) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, "RAW"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = ((h[offset] & 0x7f) << 24)
                    | ((h[offset + 1] & 0xff) << 16)
                    | ((h[offset + 2] & 0xff) << 8)
                    | (h[offset + 3] & 0xff);
            String code = Integer.toString(binary % POWERS[digits]);
            return "0".repeat(digits - code.length()) + code;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }

    /** Base32 (RFC 4648, no padding), the encoding authenticator apps expect in otpauth:// URIs. */
    public static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /**
     * The bytes of a Base32 text (RFC 4648, upper case, padding optional), as {@link #base32} writes it: what a client
     * that was shown the secret (a demo, a test, an authenticator) computes its codes from.
     *
     * @throws IllegalArgumentException for a character outside the Base32 alphabet
     */
    public static byte[] base32Decode(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not a Base32 character: '" + c + "'");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** The otpauth:// URI an authenticator app reads from a QR code. */
    public static String uri(String issuer, String account, byte[] secret) {
        String label = java.net.URLEncoder.encode(issuer + ":" + account, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer="
                + java.net.URLEncoder.encode(issuer, java.nio.charset.StandardCharsets.UTF_8)
                + "&algorithm=SHA1&digits=6&period=30";
    }
}
