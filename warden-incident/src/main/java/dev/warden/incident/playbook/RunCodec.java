package dev.warden.incident.playbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.incident.playbook.store.RunRow;
import dev.warden.incident.playbook.store.StepRow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Between the stored rows (JSON columns, state names) and the runner's views. */
final class RunCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunCodec() {}

    static String context(PlaybookContext c) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        c.targets().forEach((k, v) -> m.put(k.id(), v));
        return write(m);
    }

    static PlaybookContext context(String json) {
        Map<String, List<String>> m = read(json, new TypeReference<Map<String, List<String>>>() {});
        Map<Selector, List<String>> out = new EnumMap<>(Selector.class);
        m.forEach((k, v) ->
                out.put(Selector.byId(k).orElseThrow(() -> new IllegalStateException("stored selector " + k)), v));
        return new PlaybookContext(out);
    }

    static String results(List<TargetResult> results) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TargetResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", r.target());
            m.put("arn", r.arn());
            m.put("outcome", r.outcome().name());
            m.put("summary", r.summary());
            m.put("items", r.items());
            out.add(m);
        }
        return write(out);
    }

    @SuppressWarnings("unchecked")
    static List<TargetResult> results(String json) {
        List<Map<String, Object>> in = read(json, new TypeReference<List<Map<String, Object>>>() {});
        List<TargetResult> out = new ArrayList<>();
        for (Map<String, Object> m : in) {
            out.add(new TargetResult(
                    (String) m.get("target"),
                    (String) m.get("arn"),
                    TargetResult.Outcome.valueOf((String) m.get("outcome")),
                    (String) m.get("summary"),
                    (List<String>) m.get("items")));
        }
        return out;
    }

    static String state(StepState s) {
        return s.id();
    }

    static StepState state(String id) {
        return StepState.valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static String status(RunStatus s) {
        return s.id();
    }

    static RunStatus status(String id) {
        return RunStatus.valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static RunView view(RunRow run, Playbook playbook, List<StepRow> rows) {
        List<StepView> steps = new ArrayList<>();
        for (StepRow r : rows) {
            Step s = playbook.steps().get(r.index());
            steps.add(new StepView(
                    r.index(),
                    r.stepId(),
                    s.action(),
                    s.target(),
                    s.mode(),
                    state(r.state()),
                    r.attempts(),
                    r.decidedBy(),
                    r.decidedAt(),
                    r.startedAt(),
                    r.finishedAt(),
                    r.detail(),
                    results(r.results())));
        }
        return new RunView(
                run.id(),
                run.incidentId(),
                run.playbook(),
                status(run.status()),
                run.startedBy(),
                run.startedAt(),
                run.updatedAt(),
                run.containedAt(),
                context(run.context()),
                steps);
    }

    static StepRow row(long runId, StepView v) {
        return new StepRow(
                runId,
                v.index(),
                v.id(),
                state(v.state()),
                v.attempts(),
                v.decidedBy(),
                v.decidedAt(),
                v.startedAt(),
                v.finishedAt(),
                v.detail(),
                results(v.results()));
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a run's JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored run's JSON does not parse", e);
        }
    }
}
