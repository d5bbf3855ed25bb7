package dev.warden.bench.load;

import java.time.Instant;

/**
 * One timed attack. Every time is in milliseconds from the crossing, the moment the client began the action that
 * crosses the threshold (so a little early: the node sees the event after a write, or a handshake, later), and is NaN
 * when the thing did not happen within the wait.
 *
 * @param target            the alarm's target, {@code thing/NAME} or {@code sourceip/ADDRESS}
 * @param crossingAt        the crossing on the client's wall clock
 * @param alarmMillis       crossing → the alarm's {@code firstSeen} as the node stored it: the datapoint that raised
 *                          it, on the node's wall clock, which is this host's clock too
 * @param visibleMillis     crossing → the first answer of {@code GET /monitor/alarms} that listed it (client clock;
 *                          includes the polling period)
 * @param nodeLatencyMillis the node's own {@code detectionLatencyMs}: its newest counted observation → the alarm
 * @param value             the value that violated (e.g. 160 messages), NaN without an alarm
 * @param refusedMillis     crossing → the negative PUBACK (0x87) of the first publish refused after the automatic
 *                          quarantine (client clock); NaN for attacks without a mitigation
 * @param problem           what went wrong in the trial, empty when nothing did
 */
record DetectionTrial(
        Attack attack,
        String target,
        Instant crossingAt,
        double alarmMillis,
        double visibleMillis,
        double nodeLatencyMillis,
        double value,
        double refusedMillis,
        String problem) {

    static DetectionTrial failed(Attack attack, String target, String problem) {
        return new DetectionTrial(
                attack, target, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, problem);
    }

    boolean raised() {
        return !Double.isNaN(alarmMillis);
    }

    /** One line of the raw output. */
    String line() {
        return String.format(
                "%s %s crossing %s: alarm %.0f ms, listed %.0f ms, node's own %.0f ms, value %.0f%s%s",
                attack.behaviour,
                target,
                crossingAt,
                alarmMillis,
                visibleMillis,
                nodeLatencyMillis,
                value,
                Double.isNaN(refusedMillis) ? "" : String.format(", publish refused %.0f ms", refusedMillis),
                problem.isEmpty() ? "" : " PROBLEM: " + problem);
    }
}
