package dev.warden.incident.report;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Times and durations as people read them: ISO-8601 UTC to the second, and "4 min 12 s". */
final class ReportText {
    static final String NONE = "-";

    private ReportText() {}

    /** {@code 2026-12-07T03:00:00Z}: whole seconds, since a report row needs no nanoseconds. */
    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String time(Optional<Instant> t) {
        return t.map(ReportText::time).orElse(NONE);
    }

    static Instant ofNanos(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    /**
     * A duration in at most three units, largest first ("1 h 2 min 3 s", "7 d"); under ten seconds to the tenth
     * ("3.2 s") and under a second in milliseconds, since containment in seconds is the goal the reports show.
     */
    static String duration(Duration d) {
        Duration abs = d.abs();
        long millis = abs.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            long tenths = (millis % 1000) / 100;
            return millis / 1000 + (tenths == 0 ? "" : "." + tenths) + " s";
        }
        long[] values = {abs.toDays(), abs.toHoursPart(), abs.toMinutesPart(), abs.toSecondsPart()};
        String[] units = {"d", "h", "min", "s"};
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < values.length && parts.size() < 3; i++) {
            if (values[i] != 0) {
                parts.add(values[i] + " " + units[i]);
            }
        }
        return String.join(" ", parts);
    }

    /** How {@code at} stands against {@code due}: "1 min 2 s late", "3 min early", "on time". */
    static String against(Instant at, Instant due) {
        Duration d = Duration.between(due, at);
        if (d.isZero()) {
            return "on time";
        }
        return duration(d) + (d.isNegative() ? " early" : " late");
    }
}
