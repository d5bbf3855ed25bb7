package dev.warden.kms;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret's value. It never shows itself: {@link #toString()} is redacted, so a value that ends up in a log line, an
 * exception message or a debugger's summary reveals nothing. Compared in constant time.
 */
public final class SecretValue {
    private final byte[] bytes;

    private SecretValue(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SecretValue of(String value) {
        return new SecretValue(Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
    }

    public static SecretValue ofBytes(byte[] value) {
        return new SecretValue(Objects.requireNonNull(value, "value").clone());
    }

    /** A copy of the value; callers should clear it when done. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The value as characters, e.g. for a JDBC password; callers should clear it when done. */
    public char[] asChars() {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        // The decoder's buffer may be larger than the value; clear it rather than leave a copy behind.
        Arrays.fill(decoded.array(), '\0');
        return chars;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        // A content hash would leak information about the value; equal values only need equal hash codes.
        return bytes.length;
    }

    @Override
    public String toString() {
        return "SecretValue[redacted]";
    }

    void clear() {
        Arrays.fill(bytes, (byte) 0);
    }
}
