package dev.warden.incident.playbook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A playbook run as stored, with its steps in order. {@code containedAt}: when its first containment step ended. */
public record RunView(
        long id,
        long incidentId,
        String playbook,
        RunStatus status,
        String startedBy,
        Instant startedAt,
        Instant updatedAt,
        Optional<Instant> containedAt,
        PlaybookContext context,
        List<StepView> steps) {
    public RunView {
        steps = List.copyOf(steps);
    }

    public Optional<StepView> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The step waiting for approval, if the run waits. */
    public Optional<StepView> awaiting() {
        return steps.stream()
                .filter(s -> s.state() == StepState.AWAITING_APPROVAL)
                .findFirst();
    }
}
