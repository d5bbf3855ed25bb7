package dev.warden.incident.playbook;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.playbook.SourceTree.Entry;
import dev.warden.incident.playbook.SourceTree.ListNode;
import dev.warden.incident.playbook.SourceTree.MapNode;
import dev.warden.incident.playbook.SourceTree.Node;
import dev.warden.incident.playbook.SourceTree.Scalar;
import dev.warden.policy.ActionCatalogue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a playbook file strictly: every field known, every required one present, every action a playbook action,
 * every target one its action applies to, step ids unique, modes and parameters valid. Each refusal is an
 * {@link IncidentReason#INVALID_PLAYBOOK} whose message starts with the line, e.g. {@code line 7: unknown field
 * "acton"}. Pure: no I/O.
 */
public final class PlaybookParser {
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_STEPS = 50;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> TOP = Set.of("name", "description", "kind", "steps");
    private static final Set<String> STEP = Set.of("id", "action", "target", "mode", "parameters", "description");
    private static final ActionCatalogue CATALOGUE = ActionCatalogue.builtIn();

    private PlaybookParser() {}

    public static Playbook parse(String text) {
        if (text == null || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IncidentException(IncidentReason.INVALID_PLAYBOOK, "line 1: a playbook is at most 64 KiB");
        }
        MapNode root = map(SourceTree.read(text), "the playbook");
        known(root, TOP);
        String name = name(required(root, "name"), "name");
        String description = optionalText(root, "description", 2000);
        String kind = name(required(root, "kind"), "kind");
        Entry stepsEntry = required(root, "steps");
        if (!(stepsEntry.value() instanceof ListNode list) || list.items().isEmpty()) {
            throw at(stepsEntry.line(), "steps must be a non-empty list");
        }
        if (list.items().size() > MAX_STEPS) {
            throw at(stepsEntry.line(), "at most " + MAX_STEPS + " steps");
        }
        List<Step> steps = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node item : list.items()) {
            MapNode s = map(item, "a step");
            Step step = step(s);
            if (!ids.add(step.id())) {
                throw at(s.entries().get("id").line(), "duplicate step id \"" + step.id() + "\"");
            }
            steps.add(step);
        }
        return new Playbook(name, description, kind, steps, text);
    }

    private static Step step(MapNode s) {
        known(s, STEP);
        String id = name(required(s, "id"), "id");
        Entry actionEntry = required(s, "action");
        String action = text(actionEntry);
        Operation operation = Operation.byAction(action).orElseThrow(() -> unknownAction(actionEntry, action));
        Entry targetEntry = required(s, "target");
        String targetText = text(targetEntry);
        Selector target = Selector.byId(targetText)
                .orElseThrow(() -> at(
                        targetEntry.line(),
                        "unknown target \"" + targetText + "\" (one of " + ids(Selector.values()) + ")"));
        if (!operation.appliesTo(target)) {
            throw at(
                    targetEntry.line(),
                    "action " + action + " does not apply to target \"" + targetText + "\" (only "
                            + String.join(
                                    ", ",
                                    operation.selectors().stream()
                                            .map(Selector::id)
                                            .toList()) + ")");
        }
        Entry modeEntry = required(s, "mode");
        String modeText = text(modeEntry);
        Mode mode = Mode.byId(modeText)
                .orElseThrow(() -> at(modeEntry.line(), "unknown mode \"" + modeText + "\" (automatic or approval)"));
        optionalText(s, "description", 2000);
        return new Step(id, operation, target, mode, parameters(s, operation));
    }

    private static Map<String, String> parameters(MapNode s, Operation operation) {
        Entry e = s.entries().get("parameters");
        Map<String, String> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        for (Entry p : map(e.value(), "parameters").entries().values()) {
            Param param = Param.byId(p.key())
                    .filter(operation.parameters()::contains)
                    .orElseThrow(() -> at(
                            p.line(),
                            "unknown parameter \"" + p.key() + "\" for " + operation.action()
                                    + (operation.parameters().isEmpty()
                                            ? " (it takes none)"
                                            : " (one of "
                                                    + String.join(
                                                            ", ",
                                                            operation.parameters().stream()
                                                                    .map(Param::id)
                                                                    .toList())
                                                    + ")")));
            String value = text(p);
            param.problem(value).ifPresent(problem -> {
                throw at(p.value().line(), problem);
            });
            out.put(param.id(), value);
        }
        return out;
    }

    private static IncidentException unknownAction(Entry e, String action) {
        String hint = CATALOGUE.contains(action)
                ? "action " + action + " is not one a playbook can run"
                : "unknown action \"" + action + "\"";
        return at(
                e.line(),
                hint + " (playbook actions: "
                        + String.join(
                                ", ",
                                java.util.Arrays.stream(Operation.values())
                                        .map(Operation::action)
                                        .toList()) + ")");
    }

    private static void known(MapNode m, Set<String> fields) {
        for (Entry e : m.entries().values()) {
            if (!fields.contains(e.key())) {
                throw at(e.line(), "unknown field \"" + e.key() + "\"");
            }
        }
    }

    private static Entry required(MapNode m, String field) {
        Entry e = m.entries().get(field);
        if (e == null) {
            throw at(m.line(), "missing field \"" + field + "\"");
        }
        return e;
    }

    private static String text(Entry e) {
        if (!(e.value() instanceof Scalar s) || s.text() == null || s.text().isBlank()) {
            throw at(
                    e.value().line(),
                    "\"" + e.key() + "\" must be a non-empty value, not "
                            + e.value().describe());
        }
        return s.text();
    }

    private static String optionalText(MapNode m, String field, int max) {
        Entry e = m.entries().get(field);
        if (e == null) {
            return "";
        }
        String t = text(e);
        if (t.length() > max) {
            throw at(e.line(), "\"" + field + "\" is at most " + max + " characters");
        }
        return t;
    }

    private static String name(Entry e, String what) {
        String t = text(e);
        if (!NAME.matcher(t).matches()) {
            throw at(
                    e.value().line(),
                    what + " is 1-64 of lower-case letters, digits and '-', starting with a " + "letter or digit");
        }
        return t;
    }

    private static MapNode map(Node n, String what) {
        if (!(n instanceof MapNode m)) {
            throw at(n.line(), what + " must be a mapping, not " + n.describe());
        }
        return m;
    }

    private static String ids(Selector[] values) {
        return String.join(
                ", ", java.util.Arrays.stream(values).map(Selector::id).toList());
    }

    static IncidentException at(int line, String message) {
        return new IncidentException(IncidentReason.INVALID_PLAYBOOK, "line " + line + ": " + message);
    }
}
