package dev.warden.incident.core;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How fast incidents were handled, per month of detection (UTC): how many, the mean and 90th percentile of the time
 * to detect (first sign to detection), to contain and to mitigate (both from the first sign, since that is what an
 * attacker gets), and how many deadlines were breached.
 */
public final class IncidentStats {
    /** One month's figures; a duration is empty when no incident of the month has one yet. */
    public record Month(
            YearMonth month, int incidents, Spread detect, Spread contain, Spread mitigate, long breaches) {}

    /** Mean and 90th percentile (nearest rank) of some durations, and how many there were. */
    public record Spread(int count, Optional<Duration> mean, Optional<Duration> p90) {
        static Spread of(List<Duration> values) {
            if (values.isEmpty()) {
                return new Spread(0, Optional.empty(), Optional.empty());
            }
            List<Duration> sorted = new ArrayList<>(values);
            sorted.sort(null);
            long totalMillis = 0;
            for (Duration d : sorted) {
                totalMillis += d.toMillis();
            }
            int rank = (int) Math.ceil(0.9 * sorted.size());
            return new Spread(
                    sorted.size(),
                    Optional.of(Duration.ofMillis(totalMillis / sorted.size())),
                    Optional.of(sorted.get(Math.max(0, rank - 1))));
        }
    }

    private IncidentStats() {}

    public static List<Month> byMonth(List<Incident> incidents) {
        Map<YearMonth, List<Incident>> months = new TreeMap<>();
        for (Incident i : incidents) {
            months.computeIfAbsent(YearMonth.from(i.detectedAt().atOffset(ZoneOffset.UTC)), m -> new ArrayList<>())
                    .add(i);
        }
        List<Month> out = new ArrayList<>();
        months.forEach((month, list) -> out.add(new Month(
                month,
                list.size(),
                spread(list, i -> Optional.of(i.detectedAt())),
                spread(list, Incident::containedAt),
                spread(list, i -> i.reached(Phase.MITIGATED)),
                list.stream().mapToLong(Incident::breaches).sum())));
        return out;
    }

    private static Spread spread(List<Incident> list, Function<Incident, Optional<Instant>> end) {
        List<Duration> values = new ArrayList<>();
        for (Incident i : list) {
            end.apply(i).ifPresent(at -> values.add(nonNegative(Duration.between(i.startedAt(), at))));
        }
        return Spread.of(values);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
