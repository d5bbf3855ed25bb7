package dev.warden.region.forward;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A secret made at every start and kept in memory: this node's admin API believes a request was forwarded from
 * another region (and takes that region as {@code warden:RequestedRegion}) only when the request carries it, which
 * only this node's own forwarding does. A client cannot claim to come from another region.
 */
public final class ForwardKey {
    private final String value;

    private ForwardKey(String value) {
        this.value = value;
    }

    public static ForwardKey random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new ForwardKey(HexFormat.of().formatHex(bytes));
    }

    /** The value to send with a forwarded request, to this node only. */
    public String value() {
        return value;
    }

    /** Whether {@code presented} is this key, compared in constant time. */
    public boolean matches(String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ForwardKey[redacted]";
    }
}
