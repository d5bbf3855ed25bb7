package dev.warden.bench.load;

import java.io.PrintStream;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The detection-latency figures as a Markdown table, one row per attack: p50 / p99 / max over its trials of the time
 * from the crossing to the alarm's {@code firstSeen}, to the alarm being listed by the admin API, the node's own
 * measure, and (shared certificate) to the first publish the quarantine refused. With 30 trials the p99 (nearest rank)
 * is the slowest trial.
 */
final class DetectionReport {
    private final List<DetectionTrial> trials;
    private final long pollMillis;

    DetectionReport(List<DetectionTrial> trials, long pollMillis) {
        this.trials = List.copyOf(trials);
        this.pollMillis = pollMillis;
    }

    void print(PrintStream out) {
        out.printf(
                "| Attack (behaviour of warden-baseline) | Trials: alarms / problems | Crossing -> alarm's firstSeen"
                        + " p50 / p99 / max (ms) | Crossing -> listed by GET /monitor/alarms (polled every %d ms)"
                        + " p50 / p99 / max (ms) | Node's own detectionLatencyMs p50 / p99 | Crossing -> next publish"
                        + " refused (quarantine) p50 / p99 / max (ms) |%n",
                pollMillis);
        out.println("|---|---|---|---|---|---|");
        for (Attack attack : Attack.values()) {
            List<DetectionTrial> of =
                    trials.stream().filter(t -> t.attack() == attack).toList();
            long raised = of.stream().filter(DetectionTrial::raised).count();
            long problems = of.stream().filter(t -> !t.problem().isEmpty()).count();
            out.printf(
                    "| %s | %d: %d / %d | %s | %s | %s | %s |%n",
                    attack.behaviour,
                    of.size(),
                    raised,
                    problems,
                    spread(of, DetectionTrial::alarmMillis, true),
                    spread(of, DetectionTrial::visibleMillis, true),
                    spread(of, DetectionTrial::nodeLatencyMillis, false),
                    attack == Attack.SHARED_CERTIFICATE ? spread(of, DetectionTrial::refusedMillis, true) : "-");
        }
    }

    /** "p50 / p99 / max" (or "p50 / p99") of the figures that exist, and how many are missing. */
    private static String spread(List<DetectionTrial> of, ToDoubleFunction<DetectionTrial> figure, boolean max) {
        LatencySamples samples = new LatencySamples();
        long missing = 0;
        for (DetectionTrial t : of) {
            double millis = figure.applyAsDouble(t);
            if (Double.isNaN(millis)) {
                missing++;
            } else {
                samples.add(Math.round(millis * 1e6));
            }
        }
        if (samples.count() == 0) {
            return "-";
        }
        String text = max
                ? String.format(
                        "%.0f / %.0f / %.0f",
                        samples.percentileMillis(0.50), samples.percentileMillis(0.99), samples.percentileMillis(1.0))
                : String.format("%.0f / %.0f", samples.percentileMillis(0.50), samples.percentileMillis(0.99));
        return missing == 0 ? text : text + " (" + missing + " missing)";
    }
}
