package dev.warden.incident.core;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deadlines an incident gets at detection: the seed's phase clocks (triage 5 min, communication 15 min,
 * mitigation 30 min, recovery 1 h, post-mortem 7 days), each replaceable per severity, and on request the EU Cyber
 * Resilience Act's milestones for manufacturers (early warning 24 h, notification 72 h, final report 14 days).
 */
public final class ClockProfile {
    public static final String CRA_EARLY_WARNING = "cra-early-warning";
    public static final String CRA_NOTIFICATION = "cra-notification";
    public static final String CRA_FINAL_REPORT = "cra-final-report";
    public static final List<Phase> TIMED_PHASES =
            List.of(Phase.TRIAGED, Phase.COMMUNICATED, Phase.MITIGATED, Phase.RECOVERED, Phase.REVIEWED);
    private static final Pattern ENTRY = Pattern.compile("\\s*([a-z-]+)\\s*=\\s*(\\d{1,6})\\s*([smhd])\\s*");

    private final Map<Severity, List<ClockSpec>> bySeverity;

    private ClockProfile(Map<Severity, List<ClockSpec>> bySeverity) {
        this.bySeverity = bySeverity;
    }

    /** The seed's clocks for every severity. */
    public static ClockProfile seed() {
        return withOverrides(Map.of());
    }

    /**
     * The seed's clocks with some severities' replaced, each written as {@code triaged=5m,communicated=15m,...}
     * (units s, m, h, d); a phase left out keeps the seed's deadline.
     */
    public static ClockProfile withOverrides(Map<Severity, String> overrides) {
        Map<Severity, List<ClockSpec>> all = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            Map<Phase, Duration> clocks = seedDurations();
            String written = overrides.get(s);
            if (written != null && !written.isBlank()) {
                clocks.putAll(parse(s, written));
            }
            requireIncreasing(s, clocks);
            List<ClockSpec> specs = new ArrayList<>();
            clocks.forEach((phase, after) -> specs.add(ClockSpec.phase(phase, after)));
            all.put(s, List.copyOf(specs));
        }
        return new ClockProfile(all);
    }

    /** The clocks of a new incident of {@code severity}, with the CRA's milestones when {@code cra} is asked. */
    public List<ClockSpec> clocks(Severity severity, boolean cra) {
        List<ClockSpec> clocks = new ArrayList<>(bySeverity.get(severity));
        if (cra) {
            clocks.add(ClockSpec.milestone(CRA_EARLY_WARNING, Duration.ofHours(24)));
            clocks.add(ClockSpec.milestone(CRA_NOTIFICATION, Duration.ofHours(72)));
            clocks.add(ClockSpec.milestone(CRA_FINAL_REPORT, Duration.ofDays(14)));
        }
        return List.copyOf(clocks);
    }

    public static boolean isMilestone(String name) {
        return List.of(CRA_EARLY_WARNING, CRA_NOTIFICATION, CRA_FINAL_REPORT).contains(name);
    }

    private static Map<Phase, Duration> seedDurations() {
        Map<Phase, Duration> m = new EnumMap<>(Phase.class);
        m.put(Phase.TRIAGED, Duration.ofMinutes(5));
        m.put(Phase.COMMUNICATED, Duration.ofMinutes(15));
        m.put(Phase.MITIGATED, Duration.ofMinutes(30));
        m.put(Phase.RECOVERED, Duration.ofHours(1));
        m.put(Phase.REVIEWED, Duration.ofDays(7));
        return m;
    }

    private static Map<Phase, Duration> parse(Severity severity, String written) {
        Map<Phase, Duration> m = new EnumMap<>(Phase.class);
        for (String entry : written.split(",")) {
            Matcher e = ENTRY.matcher(entry);
            if (!e.matches()) {
                throw invalid(severity, "each clock is <phase>=<number><s|m|h|d>, e.g. triaged=5m");
            }
            Phase phase = Phase.parse(e.group(1));
            if (!TIMED_PHASES.contains(phase)) {
                throw invalid(severity, "only triaged, communicated, mitigated, recovered and reviewed have clocks");
            }
            long n = Long.parseLong(e.group(2));
            Duration after = switch (e.group(3)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (after.isZero()) {
                throw invalid(severity, "a clock must allow some time: " + phase.id() + " is 0");
            }
            m.put(phase, after);
        }
        return m;
    }

    private static void requireIncreasing(Severity severity, Map<Phase, Duration> clocks) {
        Duration previous = Duration.ZERO;
        for (Phase p : TIMED_PHASES) {
            Duration d = clocks.get(p);
            if (d.compareTo(previous) < 0) {
                throw invalid(severity, p.id() + " falls due before an earlier phase (" + d + " < " + previous + ")");
            }
            previous = d;
        }
    }

    private static IncidentException invalid(Severity severity, String why) {
        return new IncidentException(IncidentReason.INVALID_CLOCKS, "incident clocks of " + severity.id() + ": " + why);
    }
}
