package dev.warden.monitor.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One rule of a profile: the {@code metric} (with {@code customName} for {@code custom:<name>}), compared by
 * {@code operator} with {@code threshold} over a sliding {@code window}; an alarm after
 * {@code datapointsToAlarm} violating datapoints in a row, cleared after {@code datapointsToClear} clean ones.
 * {@code topicFilter} narrows message metrics to matching topics; {@code mitigations} run automatically when the
 * alarm is raised. {@code severity} ranks the alarm for triage. {@code incident}, when present, marks a behaviour
 * whose alarm opens an incident of that severity by itself, with the playbook it names (incident response reads it;
 * monitoring only carries it).
 */
public record Behaviour(
        String name,
        Metric metric,
        String customName,
        Severity severity,
        Operator operator,
        Threshold threshold,
        Duration window,
        int datapointsToAlarm,
        int datapointsToClear,
        Optional<String> topicFilter,
        List<MitigationAction> mitigations,
        Optional<IncidentMark> incident) {

    public static final Duration MIN_WINDOW = Duration.ofSeconds(10);
    public static final Duration MAX_WINDOW = Duration.ofHours(1);
    public static final int MAX_DATAPOINTS = 60;

    public Behaviour {
        mitigations = List.copyOf(mitigations);
    }

    /** The incident an alarm of this behaviour opens: its severity ({@code sev1}-{@code sev4}) and playbook. */
    public record IncidentMark(String severity, Optional<String> playbook) {}

    /** The metric as written in a profile: {@code num-messages-sent}, {@code custom:<name>}. */
    public String metricId() {
        return metric == Metric.CUSTOM ? Metric.CUSTOM_PREFIX + customName : metric.id();
    }
}
