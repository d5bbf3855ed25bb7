package dev.warden.incident.playbook;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.playbook.PlaybookRuns.Loaded;
import dev.warden.incident.playbook.store.RunRow;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs playbooks for incidents, durably. {@link #start} stores the run and carries its automatic steps out at once,
 * in order, on the caller's thread; the first step that needs approval stops it until {@link #approve} or
 * {@link #reject}. Each step is decided against the playbook's role first (denied: nothing done), its intent is
 * recorded in the incident's timeline before it acts, and its outcome after.
 *
 * <p>Idempotent: a final step is never run again; a step is stored as running before it acts, so a node that stops
 * mid-step retries it at {@link #resume} (every operation is safe to repeat), up to {@link #MAX_ATTEMPTS} starts,
 * after which it is failed. Steps awaiting approval survive restarts. One run is advanced by one thread at a time.
 */
public final class PlaybookRunner {
    public static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(PlaybookRunner.class);

    private final PlaybookRuns runs;
    private final PlaybookTimeline timeline;
    private final TargetArns arns;
    private final Clock clock;
    private final StepExecutor executor;
    private final PlaybookSteps steps;
    private final ConcurrentHashMap<Long, Object> locks = new ConcurrentHashMap<>();
    private volatile PlaybookLibrary library;
    private volatile Function<Playbook, PlaybookRole> roles;

    public PlaybookRunner(
            Database database,
            PlaybookLibrary library,
            PlaybookActions actions,
            PlaybookTimeline timeline,
            TargetArns arns,
            Clock clock) {
        this.runs = new PlaybookRuns(Objects.requireNonNull(database), Objects.requireNonNull(clock));
        this.library = Objects.requireNonNull(library);
        this.timeline = Objects.requireNonNull(timeline);
        this.arns = Objects.requireNonNull(arns);
        this.clock = Objects.requireNonNull(clock);
        this.executor = new StepExecutor(Objects.requireNonNull(actions), arns);
        this.roles = p -> PlaybookRole.derive(p, arns);
        this.steps = new PlaybookSteps(runs, timeline, executor, clock, p -> this.roles.apply(p));
    }

    /** Replaces how a playbook's role is made (by default derived from its steps), e.g. with a narrower one. */
    public PlaybookRunner roles(Function<Playbook, PlaybookRole> roles) {
        this.roles = Objects.requireNonNull(roles);
        return this;
    }

    /** Replaces the playbooks new runs can start; running ones keep the definition they started with. */
    public void library(PlaybookLibrary library) {
        this.library = Objects.requireNonNull(library);
    }

    public PlaybookLibrary library() {
        return library;
    }

    /** The role {@code playbook} runs as (its document is what {@code warden playbook show} prints). */
    public PlaybookRole role(String playbook) {
        return roles.apply(library.require(playbook));
    }

    /**
     * Starts {@code playbook} for the incident and runs it up to its first step that needs approval. If the incident
     * has an unfinished run of the same playbook, that run is returned instead (an alarm raised twice starts one).
     */
    public RunView start(long incidentId, String playbook, PlaybookContext context, String startedBy) {
        Playbook p = library.require(playbook);
        if (startedBy == null || startedBy.isBlank()) {
            throw new IncidentException(IncidentReason.INVALID_PLAYBOOK, "a run is started by a principal or system");
        }
        Instant now = clock.instant();
        long id = runs.create(incidentId, playbook, p, context, startedBy, now);
        return advance(id);
    }

    /** Approves the step the run waits on and carries on (as far as the next step needing approval). */
    public RunView approve(long runId, String stepId, String principal) {
        return decide(runId, stepId, principal, true);
    }

    /** Rejects the step the run waits on: it is recorded rejected, does nothing, and the run carries on. */
    public RunView reject(long runId, String stepId, String principal) {
        return decide(runId, stepId, principal, false);
    }

    private RunView decide(long runId, String stepId, String principal, boolean approved) {
        if (principal == null || principal.isBlank()) {
            throw new IncidentException(IncidentReason.STEP_NOT_PENDING, "a decision names its principal");
        }
        synchronized (lock(runId)) {
            Loaded l = load(runId);
            StepView s = l.view()
                    .step(stepId)
                    .orElseThrow(() -> new IncidentException(
                            IncidentReason.NO_SUCH_STEP, "run " + runId + " has no step \"" + stepId + "\""));
            if (s.state() != StepState.AWAITING_APPROVAL) {
                throw new IncidentException(
                        IncidentReason.STEP_NOT_PENDING,
                        "step \"" + stepId + "\" is " + s.state().id());
            }
            Instant now = clock.instant();
            StepView decided = StepViews.with(
                    s,
                    s.state(),
                    s.attempts(),
                    Optional.of(principal),
                    Optional.of(now),
                    s.startedAt(),
                    s.finishedAt(),
                    s.detail(),
                    s.results());
            if (approved) {
                store(runId, decided, RunStatus.RUNNING);
                steps.execute(l, decided, principal);
            } else {
                steps.finish(
                        l,
                        StepViews.with(
                                decided,
                                StepState.REJECTED,
                                s.attempts(),
                                decided.decidedBy(),
                                decided.decidedAt(),
                                s.startedAt(),
                                Optional.of(now),
                                "rejected by " + principal,
                                List.of()),
                        principal);
            }
            return advanceLocked(runId);
        }
    }

    /**
     * At node start, once the actions can act: carries every unfinished run on (a step left running is retried, or
     * failed after {@link #MAX_ATTEMPTS} starts); runs awaiting approval keep waiting. A run that cannot be resumed
     * is logged and left as it is; the others still resume.
     */
    public List<RunView> resume() {
        List<RunRow> active = runs.active();
        List<RunView> out = new ArrayList<>();
        for (RunRow r : active) {
            try {
                out.add(advance(r.id()));
            } catch (RuntimeException e) {
                LOG.error("playbook run {} of incident {} could not be resumed", r.id(), r.incidentId(), e);
            }
        }
        return out;
    }

    /** What each step would do to which target, and whether the role allows it, without doing anything. */
    public List<PlannedAction> dryRun(String playbook, PlaybookContext context) {
        Playbook p = library.require(playbook);
        return PlaybookDryRun.plan(p, roles.apply(p), executor, arns, context, clock.instant());
    }

    public RunView run(long runId) {
        return load(runId).view();
    }

    public List<RunView> runs(long incidentId) {
        return runs.ofIncident(incidentId).stream().map(r -> run(r.id())).toList();
    }

    private RunView advance(long runId) {
        synchronized (lock(runId)) {
            return advanceLocked(runId);
        }
    }

    private RunView advanceLocked(long runId) {
        while (true) {
            Loaded l = load(runId);
            Optional<StepView> next =
                    l.view().steps().stream().filter(s -> !s.state().isFinal()).findFirst();
            if (next.isEmpty()) {
                return end(l);
            }
            StepView s = next.get();
            if (s.state() == StepState.AWAITING_APPROVAL) {
                return status(l, RunStatus.AWAITING_APPROVAL);
            }
            if (s.state() == StepState.PENDING && s.mode() == Mode.APPROVAL) {
                StepView waiting = StepViews.with(
                        s,
                        StepState.AWAITING_APPROVAL,
                        s.attempts(),
                        s.decidedBy(),
                        s.decidedAt(),
                        s.startedAt(),
                        s.finishedAt(),
                        "waits for approval",
                        s.results());
                store(runId, waiting, RunStatus.AWAITING_APPROVAL);
                steps.record(l, waiting, actor(l, waiting));
                return load(runId).view();
            }
            if (s.state() == StepState.RUNNING && s.attempts() >= MAX_ATTEMPTS) {
                steps.finish(
                        l,
                        StepViews.with(
                                s,
                                StepState.FAILED,
                                s.attempts(),
                                s.decidedBy(),
                                s.decidedAt(),
                                s.startedAt(),
                                Optional.of(clock.instant()),
                                "interrupted " + s.attempts() + " times; not retried again",
                                s.results()),
                        actor(l, s));
                continue;
            }
            steps.execute(l, s, actor(l, s));
        }
    }

    private RunView end(Loaded l) {
        if (l.view().status().ended()) {
            return l.view();
        }
        boolean clean =
                l.view().steps().stream().allMatch(s -> s.state() == StepState.DONE || s.state() == StepState.SKIPPED);
        RunView v = status(l, clean ? RunStatus.COMPLETED : RunStatus.INCOMPLETE);
        try {
            timeline.runEnded(v.incidentId(), v.id(), v.status());
        } catch (RuntimeException e) {
            LOG.error("the timeline of incident {} refused the end of run {}", v.incidentId(), v.id(), e);
        }
        return v;
    }

    private RunView status(Loaded l, RunStatus status) {
        if (l.view().status() != status) {
            runs.storeRun(l.view().id(), status, clock.instant(), l.view().containedAt());
        }
        return load(l.view().id()).view();
    }

    private void store(long runId, StepView s, RunStatus status) {
        runs.storeStep(runId, s, status);
    }

    private String actor(Loaded l, StepView s) {
        return s.decidedBy().orElse(PlaybookRole.roleName(l.playbook().name()));
    }

    private Object lock(long runId) {
        return locks.computeIfAbsent(runId, id -> new Object());
    }

    private Loaded load(long runId) {
        return runs.load(runId);
    }
}
