package dev.warden.incident.playbook;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A step's parameter: its name in the file and what values it accepts. Values stay text; each is checked here. */
public enum Param {
    /** How long a ban lasts: 1s to 365d; 24h when absent. */
    DURATION("duration"),
    /** How far back evidence goes, from the time the step runs: 1s to 365d; the whole trail when absent. */
    WINDOW("window"),
    /** How a secret's new value is made: random-password (the default) or hmac-key. */
    ROTATOR("rotator");

    public static final List<String> ROTATORS = List.of("random-password", "hmac-key");
    static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final Pattern DURATION_TEXT = Pattern.compile("([1-9][0-9]{0,8})([smhd])");

    private final String id;

    Param(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Param> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    /** Why {@code value} is not acceptable, or empty if it is. */
    public Optional<String> problem(String value) {
        if (this == ROTATOR) {
            return ROTATORS.contains(value)
                    ? Optional.empty()
                    : Optional.of("rotator must be one of " + String.join(", ", ROTATORS));
        }
        return parseDuration(value).isPresent()
                ? Optional.empty()
                : Optional.of(id + " must be a duration from 1s to 365d such as 30m, 1h or 7d");
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 7d}, within 1 s to 365 days. */
    public static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION_TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        Duration d;
        switch (m.group(2)) {
            case "s":
                d = Duration.ofSeconds(n);
                break;
            case "m":
                d = Duration.ofMinutes(n);
                break;
            case "h":
                d = Duration.ofHours(n);
                break;
            default:
                d = Duration.ofDays(n);
        }
        return d.compareTo(MAX_DURATION) > 0 ? Optional.empty() : Optional.of(d);
    }
}
