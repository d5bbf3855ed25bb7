package dev.warden.incident.playbook;

import java.util.List;
import java.util.Optional;

/**
 * A parsed, valid playbook: its name (also its role's), what it is for, the kind of incident it handles, and its
 * steps in order. {@code source} is the text it was parsed from, kept so that a run resumed after a restart follows
 * exactly the steps it started with.
 */
public record Playbook(String name, String description, String kind, List<Step> steps, String source) {
    public Playbook {
        steps = List.copyOf(steps);
    }

    public Optional<Step> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public int indexOf(String id) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
