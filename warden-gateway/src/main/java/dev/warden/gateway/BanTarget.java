package dev.warden.gateway;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * What a ban applies to: a source address (refused on accept, before TLS), a client ID or a thing (both refused at
 * CONNECT, after authentication, with MQTT 5 reason 0x8A Banned or 3.1.1 "not authorized").
 *
 * @param kind  what {@code value} names
 * @param value the canonical address ({@link InetAddress#getHostAddress()}), the client ID or the thing name
 */
public record BanTarget(Kind kind, String value) {
    public enum Kind {
        IP,
        CLIENT_ID,
        THING;

        /** {@code ip}, {@code client-id}, {@code thing}: how the API and the CLI spell it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses {@link #label()} (or the enum name, any case). */
        public static Kind parse(String text) {
            String t = Objects.requireNonNull(text, "kind")
                    .trim()
                    .toUpperCase(Locale.ROOT)
                    .replace('-', '_');
            return Kind.valueOf(t);
        }
    }

    public BanTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 1024) {
            throw new IllegalArgumentException("a ban needs a value of 1 to 1024 characters");
        }
    }

    public static BanTarget ip(InetAddress address) {
        return new BanTarget(Kind.IP, Cidr.canonical(address).getHostAddress());
    }

    /** An address given as an IP literal (never a host name: parsing does no DNS lookup). */
    public static BanTarget ip(String literal) {
        Cidr single = Cidr.parse(literal.trim());
        int bits = single.network().getAddress().length * 8;
        if (single.prefixLength() != bits) {
            throw new IllegalArgumentException("ban a single address, not a network (use mqtt-deny for networks)");
        }
        return ip(single.network());
    }

    public static BanTarget clientId(String clientId) {
        return new BanTarget(Kind.CLIENT_ID, clientId);
    }

    public static BanTarget thing(String thingName) {
        return new BanTarget(Kind.THING, thingName);
    }

    /** A target from its kind label and value, validating an IP literal. */
    public static BanTarget of(String kind, String value) {
        Kind k = Kind.parse(kind);
        return k == Kind.IP ? ip(value) : new BanTarget(k, value);
    }

    @Override
    public String toString() {
        return kind.label() + " " + value;
    }
}
