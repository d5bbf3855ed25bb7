package dev.warden.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.jobs.rollout.AbortCriterion;
import dev.warden.jobs.rollout.ExecutionStatus;
import dev.warden.jobs.rollout.MaintenanceWindow;
import dev.warden.jobs.rollout.RolloutRate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link JobSettings} as JSON, the shape the admin API takes and the job table stores (the names of AWS IoT Jobs'
 * rollout, abort, timeout and scheduling configurations, flattened).
 */
public final class SettingsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SettingsJson() {}

    public static ObjectNode write(JobSettings s) {
        ObjectNode out = JSON.createObjectNode();
        if (s.rate() instanceof RolloutRate.Constant c) {
            out.put("maximumPerMinute", c.maximumPerMinute());
        } else if (s.rate() instanceof RolloutRate.Exponential e) {
            out.put("maximumPerMinute", e.maximumPerMinute());
            ObjectNode x = out.putObject("exponentialRate");
            x.put("baseRatePerMinute", e.basePerMinute());
            x.put("incrementFactor", e.incrementFactor());
            x.put(e.onSuccess() ? "numberOfSucceededThings" : "numberOfNotifiedThings", e.increaseEvery());
        }
        ArrayNode abort = out.putArray("abortCriteria");
        for (AbortCriterion c : s.abort()) {
            abort.addObject()
                    .put(
                            "failureType",
                            c.failure() == null ? "ALL" : c.failure().name())
                    .put("thresholdPercentage", c.thresholdPercent())
                    .put("minNumberOfExecutedThings", c.minExecuted());
        }
        if (s.inProgressTimeout() != null) {
            out.put("inProgressTimeoutInMinutes", s.inProgressTimeout().toMinutes());
        }
        if (s.start() != null) {
            out.put("startTime", s.start().toString());
        }
        if (s.end() != null) {
            out.put("endTime", s.end().toString());
        }
        ArrayNode windows = out.putArray("maintenanceWindows");
        for (MaintenanceWindow w : s.windows()) {
            windows.addObject()
                    .put("startTime", w.start().toString())
                    .put("durationInMinutes", w.length().toMinutes());
        }
        return out;
    }

    /** Reads settings; anything missing takes its default, anything invalid is refused with INVALID_ROLLOUT. */
    public static JobSettings read(JsonNode in) {
        try {
            return new JobSettings(
                    rate(in),
                    abort(in.path("abortCriteria")),
                    in.hasNonNull("inProgressTimeoutInMinutes")
                            ? Duration.ofMinutes(number(in, "inProgressTimeoutInMinutes"))
                            : null,
                    in.hasNonNull("startTime")
                            ? Instant.parse(in.get("startTime").asText())
                            : null,
                    in.hasNonNull("endTime") ? Instant.parse(in.get("endTime").asText()) : null,
                    windows(in.path("maintenanceWindows")));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new JobException(JobReason.INVALID_ROLLOUT, e.getMessage());
        }
    }

    private static RolloutRate rate(JsonNode in) {
        int max = in.hasNonNull("maximumPerMinute") ? (int) number(in, "maximumPerMinute") : 60;
        JsonNode x = in.path("exponentialRate");
        if (x.isMissingNode() || x.isNull()) {
            return new RolloutRate.Constant(max);
        }
        boolean onSuccess = x.hasNonNull("numberOfSucceededThings");
        if (onSuccess == x.hasNonNull("numberOfNotifiedThings")) {
            throw new IllegalArgumentException(
                    "exponentialRate takes one of numberOfNotifiedThings and numberOfSucceededThings");
        }
        return new RolloutRate.Exponential(
                (int) number(x, "baseRatePerMinute"),
                x.path("incrementFactor").asDouble(Double.NaN),
                (int) number(x, onSuccess ? "numberOfSucceededThings" : "numberOfNotifiedThings"),
                onSuccess,
                max);
    }

    private static List<AbortCriterion> abort(JsonNode list) {
        List<AbortCriterion> out = new ArrayList<>();
        for (JsonNode c : list) {
            String type = c.path("failureType").asText("ALL");
            out.add(new AbortCriterion(
                    "ALL".equals(type) ? null : ExecutionStatus.valueOf(type),
                    c.path("thresholdPercentage").asDouble(Double.NaN),
                    (int) number(c, "minNumberOfExecutedThings")));
        }
        return out;
    }

    private static List<MaintenanceWindow> windows(JsonNode list) {
        List<MaintenanceWindow> out = new ArrayList<>();
        for (JsonNode w : list) {
            out.add(new MaintenanceWindow(
                    LocalTime.parse(w.path("startTime").asText()), Duration.ofMinutes(number(w, "durationInMinutes"))));
        }
        return out;
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return v.asLong();
    }
}
