package dev.warden.policy;

/**
 * Internal IPv4 / IPv6 address or CIDR block, parsed without any name resolution. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:a.b.c.d}) are normalised to IPv4 so that an IPv4 deny rule cannot be dodged by the mapped form.
 */
final class IpCidr {
    final boolean v6;
    final long hi;
    final long lo;
    final int prefix;

    private IpCidr(boolean v6, long hi, long lo, int prefix) {
        this.v6 = v6;
        this.hi = hi;
        this.lo = lo;
        this.prefix = prefix;
    }

    /** Parses {@code addr} or {@code addr/prefix}; returns null if invalid. */
    static IpCidr parse(String s, boolean allowPrefix) {
        if (s == null) {
            return null;
        }
        s = s.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        int prefix = -1;
        if (slash >= 0) {
            if (!allowPrefix) {
                return null;
            }
            String ps = s.substring(slash + 1);
            if (ps.isEmpty() || ps.length() > 3) {
                return null;
            }
            prefix = 0;
            for (int i = 0; i < ps.length(); i++) {
                char c = ps.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                prefix = prefix * 10 + (c - '0');
            }
            if (ps.length() > 1 && ps.charAt(0) == '0') {
                return null;
            }
        }
        boolean v6 = addr.indexOf(':') >= 0;
        long hi = 0;
        long lo;
        if (!v6) {
            long v4 = parseV4(addr, 0, addr.length());
            if (v4 < 0) {
                return null;
            }
            lo = v4;
            if (prefix > 32) {
                return null;
            }
            return new IpCidr(false, 0, lo, prefix < 0 ? 32 : prefix);
        }
        long[] out = new long[2];
        if (!parseV6(addr, out)) {
            return null;
        }
        hi = out[0];
        lo = out[1];
        if (prefix > 128) {
            return null;
        }
        if (prefix < 0) {
            prefix = 128;
        }
        if (hi == 0 && (lo >>> 32) == 0xffffL && prefix >= 96) {
            return new IpCidr(false, 0, lo & 0xffffffffL, prefix - 96);
        }
        return new IpCidr(true, hi, lo, prefix);
    }

    /** Returns the address as unsigned 32 bits, or -1. Rejects leading zeros (octal ambiguity). */
    private static long parseV4(String s, int from, int to) {
        long result = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int val = 0;
            while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                val = val * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || val > 255 || (len > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            result = (result << 8) | val;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? result : -1;
    }

    private static boolean parseV6(String s, long[] out) {
        int len = s.length();
        if (s.indexOf('%') >= 0 || len < 2) {
            return false;
        }
        int[] groups = new int[8];
        int n = 0;
        int dbl = -1; // index of the group the "::" stands before, or -1 without one
        int i = 0;
        if (s.startsWith("::")) {
            dbl = 0;
            i = 2; // "::" alone: no groups, all zeros (pack)
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < len) {
            if (n >= 8) {
                return false;
            }
            int start = i;
            int val = 0;
            while (i < len && i - start < 5 && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
                val = (val << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < len && s.charAt(i) == '.') {
                n = appendV4Tail(s, start, groups, n); // embedded IPv4 tail: the rest of the text
                if (n < 0) {
                    return false;
                }
                break;
            }
            int glen = i - start;
            if (glen == 0 || glen > 4) {
                return false;
            }
            groups[n++] = val;
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < len && s.charAt(i) == ':') {
                if (dbl >= 0) {
                    return false;
                }
                dbl = n;
                i++;
                if (i == len) {
                    break;
                }
            } else if (i == len) {
                return false; // trailing single colon
            }
        }
        return pack(groups, n, dbl, out);
    }

    /**
     * Parses the dotted IPv4 address that ends the text from {@code start} into two more groups; returns the new
     * group count, or -1 if it is malformed or there is no room for two groups.
     */
    private static int appendV4Tail(String s, int start, int[] groups, int n) {
        if (n > 6) {
            return -1;
        }
        long v4 = parseV4(s, start, s.length());
        if (v4 < 0) {
            return -1;
        }
        groups[n] = (int) (v4 >>> 16);
        groups[n + 1] = (int) (v4 & 0xffff);
        return n + 2;
    }

    /**
     * Expands the {@code n} parsed groups (with {@code ::} before group {@code dbl}, or none when -1) to eight and
     * writes the address's high and low 64 bits to {@code out}; false when the group count is wrong.
     */
    private static boolean pack(int[] groups, int n, int dbl, long[] out) {
        int[] full = new int[8];
        if (dbl >= 0) {
            if (n > 7) {
                return false;
            }
            int tail = n - dbl;
            System.arraycopy(groups, 0, full, 0, dbl);
            System.arraycopy(groups, dbl, full, 8 - tail, tail);
        } else {
            if (n != 8) {
                return false;
            }
            System.arraycopy(groups, 0, full, 0, 8);
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | full[k];
            lo = (lo << 16) | full[k + 4];
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** Whether this block contains the single address {@code ip}. */
    boolean contains(IpCidr ip) {
        if (ip.v6 != v6) {
            return false;
        }
        if (!v6) {
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return (ip.lo & mask) == (lo & mask);
        }
        if (prefix <= 64) {
            long mask = prefix == 0 ? 0 : -1L << (64 - prefix);
            return (ip.hi & mask) == (hi & mask);
        }
        if (ip.hi != hi) {
            return false;
        }
        long mask = prefix == 128 ? -1L : -1L << (128 - prefix);
        return (ip.lo & mask) == (lo & mask);
    }
}
