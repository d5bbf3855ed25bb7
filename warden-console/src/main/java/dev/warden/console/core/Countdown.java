package dev.warden.console.core;

import java.time.Duration;
import java.time.Instant;

/** How long until a deadline, as an operator reads it: "in 3 h 12 min", "in 45 s", "overdue by 2 min". */
public final class Countdown {
    private Countdown() {}

    public static String until(Instant due, Instant now) {
        Duration left = Duration.between(now, due);
        if (left.isNegative()) {
            return "overdue by " + amount(left.negated());
        }
        return "in " + amount(left);
    }

    private static String amount(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        return hours > 0 ? hours + " h " + minutes + " min" : minutes + " min";
    }
}
