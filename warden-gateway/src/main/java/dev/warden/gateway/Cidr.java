package dev.warden.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a single
 * host). Only literals are accepted, never host names, so parsing a rule never does a DNS lookup. Host bits must be
 * zero: {@code 192.168.1.0/16} is refused rather than silently meaning the larger network.
 *
 * @param network      the network address (host bits zero)
 * @param prefixLength leading bits that must match: 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits);
        }
        byte[] bytes = network.getAddress();
        for (int i = prefixLength; i < bits; i++) {
            if ((bytes[i / 8] & (0x80 >> (i % 8))) != 0) {
                throw new IllegalArgumentException("host bits set in " + network.getHostAddress() + "/" + prefixLength);
            }
        }
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException if it is not an IP literal with a valid prefix and zero host bits
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress network = literal(address);
        int bits = network.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR prefix length: " + text);
        }
        return new Cidr(network, prefix);
    }

    /** True if {@code address} is in this network. IPv4-mapped IPv6 addresses count as their IPv4 address. */
    public boolean contains(InetAddress address) {
        byte[] candidate = canonical(address).getAddress();
        byte[] net = network.getAddress();
        if (candidate.length != net.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != net[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (net[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    /**
     * The address without host name or scope, and an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as IPv4, so
     * one client has one key however the socket reports it.
     */
    static InetAddress canonical(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("impossible: address of valid length", e);
        }
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private static InetAddress literal(String address) {
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IP address literal: " + address);
        }
        try {
            // Only literals reach this point, so no name service is asked.
            return canonical(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + address);
        }
    }
}
