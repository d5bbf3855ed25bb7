package dev.warden.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Polls the node's admin API ({@code GET /monitor/alarms?target=T&behaviour=B}) until the alarm of one attack is
 * listed, as an operator's tool or a SIEM would. Each poll is an audited admin read, so the period is kept modest.
 */
final class AlarmWatch {
    private final WardenAdminClient admin;
    private final long pollMillis;
    private final Duration timeout;

    AlarmWatch(WardenAdminClient admin, long pollMillis, Duration timeout) {
        this.admin = admin;
        this.pollMillis = pollMillis;
        this.timeout = timeout;
    }

    /**
     * The alarm as first listed.
     *
     * @param firstSeen      the datapoint that raised it, as the node stored it
     * @param nodeLatency    the node's {@code detectionLatencyMs}
     * @param value          the violating value
     * @param listedAtNanos  {@link System#nanoTime()} when the listing that held it arrived
     */
    record Sighting(Instant firstSeen, long nodeLatency, double value, long listedAtNanos) {}

    /** The first raise of {@code behaviour} for {@code target}; null when none is listed within the timeout. */
    Sighting await(String target, String behaviour) throws InterruptedException {
        String query = "target=" + encode(target) + "&behaviour=" + encode(behaviour);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode alarms = admin.alarms(query);
            long listed = System.nanoTime();
            Sighting first = null;
            for (JsonNode alarm : alarms) {
                Instant seen = Instant.parse(alarm.path("firstSeen").asText());
                if (first == null || seen.isBefore(first.firstSeen())) {
                    first = new Sighting(
                            seen,
                            alarm.path("detectionLatencyMs").asLong(),
                            alarm.path("value").asDouble(Double.NaN),
                            listed);
                }
            }
            if (first != null) {
                return first;
            }
            Thread.sleep(pollMillis);
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
