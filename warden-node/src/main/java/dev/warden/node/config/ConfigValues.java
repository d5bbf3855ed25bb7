package dev.warden.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

/** The typed readers of {@link ConfigLoader}: one resolved value as a port, a number, a duration, a list or a path. */
final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    private ConfigValues() {}

    static Path optionalPath(String value) {
        return value == null || value.isBlank()
                ? null
                : Path.of(value).toAbsolutePath().normalize();
    }

    static int port(Map<ConfigKey, String> values, ConfigKey key) {
        long port = number(values, key);
        if (port < 0 || port > 65535) {
            throw new ConfigException(key.key() + " must be a port number (0-65535), got " + port);
        }
        return (int) port;
    }

    /** {@code 500ms}, {@code 60s} (or {@code 60}), {@code 5m}, {@code 1h}, {@code 7d}; positive. */
    static Duration parseDuration(String text) {
        java.util.regex.Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 500ms, 60s, 5m, 1h, 7d)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("a duration must be positive: '" + text + "'");
        }
        return d;
    }

    static Duration duration(Map<ConfigKey, String> values, ConfigKey key) {
        try {
            return parseDuration(values.get(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key.key() + ": " + e.getMessage());
        }
    }

    static java.util.List<String> list(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    static boolean onOff(Map<ConfigKey, String> values, ConfigKey key) {
        return switch (values.get(key)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new ConfigException(key.key() + " must be on or off");
        };
    }

    static long positive(Map<ConfigKey, String> values, ConfigKey key) {
        long v = number(values, key);
        if (v <= 0) {
            throw new ConfigException(key.key() + " must be positive");
        }
        return v;
    }

    static long nonNegative(Map<ConfigKey, String> values, ConfigKey key) {
        long v = number(values, key);
        if (v < 0) {
            throw new ConfigException(key.key() + " must not be negative");
        }
        return v;
    }

    static long number(Map<ConfigKey, String> values, ConfigKey key) {
        try {
            return Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key.key() + " must be a number, got '" + values.get(key) + "'");
        }
    }
}
