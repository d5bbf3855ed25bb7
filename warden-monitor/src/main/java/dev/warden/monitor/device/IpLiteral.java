package dev.warden.monitor.device;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Strict IP address literals, read by hand and never resolved: dotted-quad IPv4 without leading zeros, and IPv6 in
 * the text forms of RFC 4291 section 2.2 (the {@code IPv6address} rule of RFC 3986: hex groups, at most one
 * {@code ::}, an optional dotted IPv4 tail), without zone IDs. The schema's {@code remote_addr} pattern spells the
 * same language; a test checks the two agree.
 */
public final class IpLiteral {
    private IpLiteral() {}

    /** The address {@code text} spells, or empty when it is not exactly an IPv4 or IPv6 literal. */
    public static Optional<InetAddress> parse(String text) {
        byte[] bytes = text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            // From raw bytes: no lookup, ever. An IPv4-mapped IPv6 address comes back as its IPv4 address.
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The address as the engine compares it: IPv4 dotted, IPv6 in Java's full form, mapped IPv4 as IPv4. */
    public static Optional<String> canonical(String text) {
        return parse(text).map(InetAddress::getHostAddress);
    }

    static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = decimalOctet(parts[i]);
            if (v < 0) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static int decimalOctet(String s) {
        if (s.isEmpty() || s.length() > 3 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 255 ? v : -1;
    }

    static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null; // two gaps, or ":::"
        }
        String left = gap < 0 ? text : text.substring(0, gap);
        String right = gap < 0 ? "" : text.substring(gap + 2);
        int[] head = groups(left, gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(right, true);
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /**
     * The 16-bit groups of one side of the address ("" is none); a dotted IPv4 tail is allowed only as the last
     * group of the whole address and counts as two groups.
     */
    private static int[] groups(String side, boolean mayEndInIpv4) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        String last = parts[parts.length - 1];
        boolean dotted = last.indexOf('.') >= 0;
        if (dotted && !mayEndInIpv4) {
            return null;
        }
        int[] out = new int[parts.length + (dotted ? 1 : 0)];
        for (int i = 0; i < parts.length - (dotted ? 1 : 0); i++) {
            int v = hexGroup(parts[i]);
            if (v < 0) {
                return null;
            }
            out[i] = v;
        }
        if (dotted) {
            byte[] v4 = ipv4(last);
            if (v4 == null) {
                return null;
            }
            out[out.length - 2] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
            out[out.length - 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        }
        return out;
    }

    private static int hexGroup(String s) {
        if (s.isEmpty() || s.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int d = c >= '0' && c <= '9'
                    ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
