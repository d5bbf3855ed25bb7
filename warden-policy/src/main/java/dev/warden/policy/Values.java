package dev.warden.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Internal strict parsers for typed condition values. All return null on invalid input, never throw. */
final class Values {
    private Values() {}

    /** {@code -?digits(.digits)?}, at most 64 characters. */
    static BigDecimal number(String s) {
        int n = s.length();
        if (n == 0 || n > 64) {
            return null;
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (digits == 0) {
            return null;
        }
        if (i < n) {
            if (s.charAt(i) != '.') {
                return null;
            }
            i++;
            int frac = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                frac++;
            }
            if (frac == 0 || i != n) {
                return null;
            }
        }
        return new BigDecimal(s);
    }

    /**
     * ISO 8601 ({@code 2024-01-31T12:00:00Z}, with offset, with fractional seconds, without zone = UTC, or a bare
     * date = UTC midnight) or epoch seconds (an integer).
     */
    static Instant date(String s) {
        int n = s.length();
        if (n == 0 || n > 64) {
            return null;
        }
        boolean digits = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && n > 1)) {
                digits = false;
                break;
            }
        }
        try {
            if (digits) {
                if (n > 15) {
                    return null;
                }
                long secs = Long.parseLong(s);
                return Instant.ofEpochSecond(secs);
            }
            int t = s.indexOf('T');
            if (t < 0) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            char last = s.charAt(n - 1);
            boolean zoned = last == 'Z' || last == 'z' || s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0;
            if (zoned) {
                return OffsetDateTime.parse(s.replace('z', 'Z')).toInstant();
            }
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    /** {@code true}/{@code false}, case-insensitive: 1 / 0, or -1 when invalid. */
    static int bool(String s) {
        if ("true".equalsIgnoreCase(s)) {
            return 1;
        }
        if ("false".equalsIgnoreCase(s)) {
            return 0;
        }
        return -1;
    }

    static byte[] base64(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
