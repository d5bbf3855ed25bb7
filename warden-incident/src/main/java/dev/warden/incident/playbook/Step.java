package dev.warden.incident.playbook;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One step of a playbook: what it does ({@code operation}, named in the file by its IAM action), to which of the
 * incident's targets, whether it waits for approval, and its parameters (already checked against the operation).
 */
public record Step(String id, Operation operation, Selector target, Mode mode, Map<String, String> parameters) {
    public Step {
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    }

    public String action() {
        return operation.action();
    }

    public Optional<String> parameter(Param p) {
        return Optional.ofNullable(parameters.get(p.id()));
    }

    public Optional<Duration> duration(Param p) {
        return parameter(p).flatMap(Param::parseDuration);
    }
}
