package dev.warden.incident.playbook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Actions that remember what they did: an operation on a target changes it once, and is a no-op after that. */
final class FakeActions implements PlaybookActions {
    final List<String> calls = new ArrayList<>();
    final Set<String> inEffect = new HashSet<>();
    final Set<String> failing = new HashSet<>();
    final Map<String, List<String>> derived = new HashMap<>();

    @Override
    public synchronized ActionResult perform(Operation operation, Target target, Step step) {
        String key = operation.action() + " " + target;
        calls.add(key);
        if (failing.contains(target.value())) {
            throw new IllegalStateException("cannot reach " + target.value());
        }
        if (!operation.containment() && operation != Operation.ROTATE_SECRET) {
            return ActionResult.listing("2 events", List.of("event 1", "event 2"));
        }
        return inEffect.add(key) ? ActionResult.changed("done") : ActionResult.unchanged("already so");
    }

    @Override
    public List<String> expand(Selector selector, String source) {
        return derived.getOrDefault(selector.id() + " " + source, List.of());
    }

    synchronized long count(String action) {
        return calls.stream().filter(c -> c.startsWith(action + " ")).count();
    }
}
