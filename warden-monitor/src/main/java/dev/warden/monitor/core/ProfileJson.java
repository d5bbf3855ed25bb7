package dev.warden.monitor.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Writes a profile as the JSON document {@link ProfileParser} reads, so that a stored profile parses back equal. */
public final class ProfileJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileJson() {}

    public static ObjectNode toJson(SecurityProfile p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", p.name());
        if (!p.description().isEmpty()) {
            root.put("description", p.description());
        }
        ArrayNode targets = root.putArray("targets");
        p.targets().forEach(t -> targets.add(t.toString()));
        if (p.notifyUrl().isPresent()) {
            ObjectNode notify = root.putObject("notify");
            notify.put("url", p.notifyUrl().get());
            p.notifySecret().ifPresent(s -> notify.put("secret", s));
        }
        ArrayNode behaviours = root.putArray("behaviours");
        p.behaviours().forEach(b -> behaviours.add(behaviour(b)));
        return root;
    }

    public static String write(SecurityProfile p) {
        return toJson(p).toString();
    }

    private static ObjectNode behaviour(Behaviour b) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", b.name());
        n.put("severity", b.severity().id());
        n.put("metric", b.metricId());
        n.put("operator", b.operator().id());
        threshold(n, b.threshold());
        n.put("window-seconds", b.window().toSeconds());
        n.put("datapoints-to-alarm", b.datapointsToAlarm());
        n.put("datapoints-to-clear", b.datapointsToClear());
        b.topicFilter().ifPresent(f -> n.put("topic-filter", f));
        if (!b.mitigations().isEmpty()) {
            ArrayNode m = n.putArray("mitigations");
            b.mitigations().forEach(a -> m.add(a.id()));
        }
        b.incident().ifPresent(i -> {
            ObjectNode mark = n.putObject("incident");
            mark.put("severity", i.severity());
            i.playbook().ifPresent(p -> mark.put("playbook", p));
        });
        return n;
    }

    private static void threshold(ObjectNode n, Threshold t) {
        if (t instanceof Threshold.Value v) {
            n.put("value", v.value());
        } else if (t instanceof Threshold.Cidrs c) {
            ArrayNode a = n.putArray("cidrs");
            c.cidrs().forEach(x -> a.add(x.toString()));
        } else if (t instanceof Threshold.Ports p) {
            ArrayNode a = n.putArray("ports");
            p.ports().stream().sorted().forEach(a::add);
        } else if (t instanceof Threshold.Statistical s) {
            n.put("statistical", "p" + (long) s.percentile());
        } else if (t instanceof Threshold.Learned l) {
            ObjectNode b = n.putObject("baseline");
            b.put("sigmas", l.sigmas());
            b.put("min-datapoints", l.minDatapoints());
        }
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
