package dev.warden.incident.playbook;

import dev.warden.incident.playbook.PlaybookRuns.Loaded;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one step of a run out for {@link PlaybookRunner}, which decides which step is next: looks up and checks its
 * targets against the playbook's role, stores it running and records its intent before it acts, then stores and
 * records its outcome (and the incident's containment). Called with the run's lock held.
 */
final class PlaybookSteps {
    // Logged as the runner's own lines, as before the steps had their own class.
    private static final Logger LOG = LoggerFactory.getLogger(PlaybookRunner.class);

    private final PlaybookRuns runs;
    private final PlaybookTimeline timeline;
    private final StepExecutor executor;
    private final Clock clock;
    private final Function<Playbook, PlaybookRole> roles;

    PlaybookSteps(
            PlaybookRuns runs,
            PlaybookTimeline timeline,
            StepExecutor executor,
            Clock clock,
            Function<Playbook, PlaybookRole> roles) {
        this.runs = runs;
        this.timeline = timeline;
        this.executor = executor;
        this.clock = clock;
        this.roles = roles;
    }

    void execute(Loaded l, StepView s, String actor) {
        Step step = l.playbook().steps().get(s.index());
        Instant now = clock.instant();
        List<Target> targets = targetsToActOn(l, s, step, now, actor);
        if (targets == null) {
            return;
        }
        StepView running = startRunning(l, s, targets, now, actor);
        if (running == null) {
            return;
        }
        List<TargetResult> results = executor.perform(l.view().incidentId(), step, targets);
        boolean failed = results.stream().anyMatch(r -> r.outcome() == TargetResult.Outcome.FAILED);
        Instant end = clock.instant();
        finish(
                l,
                StepViews.done(
                        running, failed ? StepState.FAILED : StepState.DONE, end, StepViews.summary(results), results),
                actor);
        if (!failed && step.operation().containment() && l.view().containedAt().isEmpty()) {
            contained(l, step, results, end);
        }
    }

    /** The step's targets; null when it finished without acting (targets unreadable, none, or denied). */
    private List<Target> targetsToActOn(Loaded l, StepView s, Step step, Instant now, String actor) {
        List<Target> targets;
        try {
            targets = executor.targets(step, l.view().context());
        } catch (RuntimeException e) {
            finish(
                    l,
                    StepViews.done(
                            s,
                            StepState.FAILED,
                            now,
                            "its targets could not be looked up: " + StepExecutor.message(e),
                            List.of()),
                    actor);
            return null;
        }
        if (targets.isEmpty()) {
            finish(
                    l,
                    StepViews.done(
                            s, StepState.SKIPPED, now, "no " + step.target().id() + " target", List.of()),
                    actor);
            return null;
        }
        Optional<List<TargetResult>> denied = executor.denials(roles.apply(l.playbook()), step, targets, now);
        if (denied.isPresent()) {
            finish(
                    l,
                    StepViews.done(
                            s, StepState.DENIED, now, "denied by the playbook's role: nothing was done", denied.get()),
                    actor);
            return null;
        }
        return targets;
    }

    /** Marks the step running and records its intent first; null when the timeline refused it (step failed). */
    private StepView startRunning(Loaded l, StepView s, List<Target> targets, Instant now, String actor) {
        StepView running = StepViews.with(
                s,
                StepState.RUNNING,
                s.attempts() + 1,
                s.decidedBy(),
                s.decidedAt(),
                Optional.of(now),
                Optional.empty(),
                "acting on " + targets.size() + " target(s)",
                List.of());
        runs.storeStep(l.view().id(), running, RunStatus.RUNNING);
        try {
            timeline.stepRecorded(l.view().incidentId(), outcome(l, running, actor));
        } catch (RuntimeException e) {
            LOG.error(
                    "the timeline of incident {} refused step {}'s intent",
                    l.view().incidentId(),
                    s.id(),
                    e);
            finish(
                    l,
                    StepViews.done(
                            running,
                            StepState.FAILED,
                            clock.instant(),
                            "the incident's timeline did not record the intent: nothing was done",
                            List.of()),
                    actor);
            return null;
        }
        return running;
    }

    private void contained(Loaded l, Step step, List<TargetResult> results, Instant at) {
        RunStatus status = runs.load(l.view().id()).view().status();
        runs.storeRun(l.view().id(), status, at, Optional.of(at));
        String how = step.id() + ": " + step.action() + " on "
                + String.join(", ", results.stream().map(TargetResult::target).toList());
        try {
            timeline.contained(l.view().incidentId(), at, how);
        } catch (RuntimeException e) {
            LOG.error(
                    "the timeline of incident {} refused its containment",
                    l.view().incidentId(),
                    e);
        }
    }

    void finish(Loaded l, StepView s, String actor) {
        runs.storeStep(l.view().id(), s, RunStatus.RUNNING);
        record(l, s, actor);
    }

    void record(Loaded l, StepView s, String actor) {
        try {
            timeline.stepRecorded(l.view().incidentId(), outcome(l, s, actor));
        } catch (RuntimeException e) {
            // The step's outcome is stored with the run; only the incident's copy of it is missing.
            LOG.error(
                    "the timeline of incident {} refused step {}'s outcome",
                    l.view().incidentId(),
                    s.id(),
                    e);
        }
    }

    private StepOutcome outcome(Loaded l, StepView s, String actor) {
        return new StepOutcome(
                l.view().id(),
                l.view().playbook(),
                s.id(),
                s.action(),
                s.state(),
                actor,
                s.detail(),
                s.results(),
                clock.instant());
    }
}
