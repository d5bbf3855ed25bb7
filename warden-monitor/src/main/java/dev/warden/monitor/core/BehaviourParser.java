package dev.warden.monitor.core;

import static dev.warden.monitor.core.ProfileParser.NAME;
import static dev.warden.monitor.core.ProfileParser.fail;
import static dev.warden.monitor.core.ProfileParser.onlyFields;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.Cidr;
import dev.warden.gateway.TopicFilters;
import dev.warden.monitor.MonitorReason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The behaviour fields of a security profile, and the validation of one behaviour (for {@link ProfileParser}). */
final class BehaviourParser {
    private static final Set<String> BEHAVIOUR_FIELDS = Set.of(
            "name",
            "severity",
            "metric",
            "operator",
            "value",
            "cidrs",
            "ports",
            "statistical",
            "baseline",
            "window-seconds",
            "datapoints-to-alarm",
            "datapoints-to-clear",
            "topic-filter",
            "mitigations",
            "incident");

    private BehaviourParser() {}

    static Behaviour parse(JsonNode b) {
        onlyFields(b, BEHAVIOUR_FIELDS, "a behaviour");
        String name = ProfileJson.text(b, "name").orElse("");
        if (!NAME.matcher(name).matches()) {
            throw fail(MonitorReason.INVALID_PROFILE, "a behaviour name is 1-128 of A-Z a-z 0-9 _ . -");
        }
        String metricId = ProfileJson.text(b, "metric").orElse("");
        Metric metric;
        String custom = null;
        if (metricId.startsWith(Metric.CUSTOM_PREFIX)) {
            custom = metricId.substring(Metric.CUSTOM_PREFIX.length());
            if (!NAME.matcher(custom).matches()) {
                throw fail(MonitorReason.UNKNOWN_METRIC, "a custom metric is custom:NAME, not " + metricId);
            }
            metric = Metric.CUSTOM;
        } else {
            metric = Metric.byId(metricId)
                    .orElseThrow(() ->
                            fail(MonitorReason.UNKNOWN_METRIC, "behaviour " + name + ": unknown metric " + metricId));
        }
        Operator operator = operator(b, name, metric, metricId);
        Severity severity = severity(b, name);
        Threshold threshold = threshold(b, name, operator);
        long window = windowSeconds(b, name);
        int toAlarm = datapoints(b, "datapoints-to-alarm", name);
        int toClear = datapoints(b, "datapoints-to-clear", name);
        Optional<String> filter = topicFilter(b, name, metric, metricId);
        List<MitigationAction> mitigations = mitigations(b.get("mitigations"), name, metric);
        Optional<Behaviour.IncidentMark> incident = incident(b.get("incident"), name);
        return new Behaviour(
                name,
                metric,
                custom,
                severity,
                operator,
                threshold,
                java.time.Duration.ofSeconds(window),
                toAlarm,
                toClear,
                filter,
                mitigations,
                incident);
    }

    /** The behaviour's operator, which must be able to compare its metric. */
    private static Operator operator(JsonNode b, String name, Metric metric, String metricId) {
        String operatorId = ProfileJson.text(b, "operator").orElse("");
        Operator operator = Operator.byId(operatorId)
                .orElseThrow(() ->
                        fail(MonitorReason.UNKNOWN_OPERATOR, "behaviour " + name + ": unknown operator " + operatorId));
        if (!operator.applies(metric.kind())) {
            throw fail(
                    MonitorReason.OPERATOR_NOT_APPLICABLE,
                    "behaviour " + name + ": " + operatorId + " cannot compare " + metricId);
        }
        return operator;
    }

    /** The behaviour's severity; medium when absent. */
    private static Severity severity(JsonNode b, String name) {
        String severityId = ProfileJson.text(b, "severity").orElse("medium");
        return Severity.byId(severityId)
                .orElseThrow(() -> fail(
                        MonitorReason.INVALID_PROFILE,
                        "behaviour " + name + ": severity is critical, high, medium or low, not " + severityId));
    }

    /** {@code window-seconds}: a whole number of seconds from 10 to 3600; 300 when absent. */
    private static long windowSeconds(JsonNode b, String name) {
        long window = b.path("window-seconds").asLong(300);
        if (!b.path("window-seconds").isMissingNode()
                        && !b.get("window-seconds").canConvertToLong()
                || window < Behaviour.MIN_WINDOW.toSeconds()
                || window > Behaviour.MAX_WINDOW.toSeconds()) {
            throw fail(MonitorReason.WINDOW_OUT_OF_RANGE, "behaviour " + name + ": window-seconds is 10 to 3600");
        }
        return window;
    }

    /** The optional {@code topic-filter}: a valid MQTT filter, only on a metric that has topics. */
    private static Optional<String> topicFilter(JsonNode b, String name, Metric metric, String metricId) {
        Optional<String> filter = ProfileJson.text(b, "topic-filter");
        if (filter.isPresent()) {
            if (!metric.takesTopicFilter()) {
                throw fail(
                        MonitorReason.INVALID_TOPIC_FILTER, "behaviour " + name + ": " + metricId + " has no topics");
            }
            if (!TopicFilters.isValidFilter(filter.get())) {
                throw fail(
                        MonitorReason.INVALID_TOPIC_FILTER,
                        "behaviour " + name + ": not an MQTT topic filter: " + filter.get());
            }
        }
        return filter;
    }

    /** {@code "incident": {"severity": "sev2", "playbook": "compromised-device"}}; the playbook is optional. */
    private static Optional<Behaviour.IncidentMark> incident(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String where = "behaviour " + name + ": incident ";
        if (!node.isObject()) {
            throw fail(MonitorReason.INVALID_PROFILE, where + "is an object with severity and playbook");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!f.equals("severity") && !f.equals("playbook")) {
                throw fail(MonitorReason.INVALID_PROFILE, where + "has no field " + f);
            }
        });
        String severity = ProfileJson.text(node, "severity").orElse("");
        if (!severity.matches("sev[1-4]")) {
            throw fail(MonitorReason.INVALID_PROFILE, where + "severity is sev1, sev2, sev3 or sev4");
        }
        Optional<String> playbook = ProfileJson.text(node, "playbook");
        if (playbook.isPresent() && !NAME.matcher(playbook.get()).matches()) {
            throw fail(MonitorReason.INVALID_PROFILE, where + "playbook is a name of 1-128 of A-Z a-z 0-9 _ . -");
        }
        return Optional.of(new Behaviour.IncidentMark(severity, playbook));
    }

    private static Threshold threshold(JsonNode b, String name, Operator operator) {
        List<String> given = new ArrayList<>();
        for (String f : List.of("value", "cidrs", "ports", "statistical", "baseline")) {
            if (b.has(f)) {
                given.add(f);
            }
        }
        if (given.size() != 1) {
            throw fail(
                    MonitorReason.INVALID_THRESHOLD,
                    "behaviour " + name + ": give exactly one of value, cidrs, ports, statistical, baseline");
        }
        String kind = given.get(0);
        boolean numeric = operator.numeric();
        boolean cidr = operator == Operator.IN_CIDR_SET || operator == Operator.NOT_IN_CIDR_SET;
        boolean fits = numeric ? !kind.equals("cidrs") && !kind.equals("ports") : kind.equals(cidr ? "cidrs" : "ports");
        if (!fits) {
            throw fail(
                    MonitorReason.INVALID_THRESHOLD, "behaviour " + name + ": " + operator.id() + " takes no " + kind);
        }
        JsonNode v = b.get(kind);
        return switch (kind) {
            case "value" -> value(v, name);
            case "cidrs" -> cidrs(v, name);
            case "ports" -> ports(v, name);
            case "statistical" -> statistical(v, name);
            default -> learned(v, name);
        };
    }

    private static Threshold value(JsonNode v, String name) {
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw fail(MonitorReason.INVALID_THRESHOLD, "behaviour " + name + ": value is a number of at least 0");
        }
        return new Threshold.Value(v.asDouble());
    }

    private static Threshold cidrs(JsonNode v, String name) {
        if (!v.isArray() || v.isEmpty() || v.size() > 256) {
            throw fail(MonitorReason.INVALID_THRESHOLD, "behaviour " + name + ": cidrs is a list of 1-256 networks");
        }
        List<Cidr> out = new ArrayList<>();
        for (JsonNode c : v) {
            try {
                out.add(Cidr.parse(c.asText()));
            } catch (IllegalArgumentException e) {
                throw fail(MonitorReason.INVALID_THRESHOLD, "behaviour " + name + ": not a network: " + c.asText());
            }
        }
        return new Threshold.Cidrs(out);
    }

    private static Threshold ports(JsonNode v, String name) {
        if (!v.isArray() || v.isEmpty() || v.size() > 1024) {
            throw fail(MonitorReason.INVALID_THRESHOLD, "behaviour " + name + ": ports is a list of 1-1024 ports");
        }
        Set<Integer> out = new HashSet<>();
        for (JsonNode p : v) {
            if (!p.canConvertToInt() || !p.isIntegralNumber() || p.asInt() < 0 || p.asInt() > 65_535) {
                throw fail(MonitorReason.INVALID_THRESHOLD, "behaviour " + name + ": not a port: " + p);
            }
            out.add(p.asInt());
        }
        return new Threshold.Ports(out);
    }

    private static Threshold statistical(JsonNode v, String name) {
        return switch (v.asText()) {
            case "p50" -> new Threshold.Statistical(50);
            case "p90" -> new Threshold.Statistical(90);
            case "p99" -> new Threshold.Statistical(99);
            default ->
                throw fail(MonitorReason.INVALID_THRESHOLD, "behaviour " + name + ": statistical is p50, p90 or p99");
        };
    }

    private static Threshold learned(JsonNode v, String name) {
        onlyFields(v, Set.of("sigmas", "min-datapoints"), "baseline of " + name);
        double sigmas = v.path("sigmas").asDouble(3);
        int min = v.path("min-datapoints").asInt(LearnedBaseline.DEFAULT_MIN_DATAPOINTS);
        if (!(sigmas >= 1 && sigmas <= 10) || min < 5 || min > 10_000) {
            throw fail(
                    MonitorReason.INVALID_THRESHOLD,
                    "behaviour " + name + ": baseline sigmas is 1-10 and min-datapoints 5-10000");
        }
        return new Threshold.Learned(sigmas, min);
    }

    private static int datapoints(JsonNode b, String field, String name) {
        JsonNode v = b.get(field);
        if (v == null) {
            return 1;
        }
        if (!v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > Behaviour.MAX_DATAPOINTS) {
            throw fail(
                    MonitorReason.INVALID_DATAPOINTS,
                    "behaviour " + name + ": " + field + " is 1 to " + Behaviour.MAX_DATAPOINTS);
        }
        return v.asInt();
    }

    private static List<MitigationAction> mitigations(JsonNode node, String name, Metric metric) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw fail(MonitorReason.UNKNOWN_MITIGATION, "behaviour " + name + ": mitigations is a list");
        }
        List<MitigationAction> out = new ArrayList<>();
        for (JsonNode m : node) {
            MitigationAction action = MitigationAction.byId(m.asText())
                    .orElseThrow(() -> fail(
                            MonitorReason.UNKNOWN_MITIGATION,
                            "behaviour " + name + ": unknown mitigation " + m.asText()));
            if (!action.appliesTo(metric.scope())) {
                throw fail(
                        MonitorReason.MITIGATION_NOT_APPLICABLE,
                        "behaviour " + name + ": " + action.id() + " cannot act on a per-"
                                + metric.scope().name().toLowerCase(java.util.Locale.ROOT) + " metric");
            }
            if (!out.contains(action)) {
                out.add(action);
            }
        }
        return out;
    }
}
