package dev.warden.incident.playbook;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.playbook.store.PlaybookRunDao;
import dev.warden.incident.playbook.store.RunRow;
import dev.warden.incident.playbook.store.StepRow;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link PlaybookRunner}'s runs as stored: a run created with its steps, loaded with the playbook it started with,
 * and a step's or a run's state updated, each in one transaction.
 */
final class PlaybookRuns {
    private static final List<String> ACTIVE =
            List.of(RunCodec.status(RunStatus.RUNNING), RunCodec.status(RunStatus.AWAITING_APPROVAL));

    /** A run as stored, with the playbook it started with. */
    record Loaded(Playbook playbook, RunView view) {}

    private final Database database;
    private final Clock clock;

    PlaybookRuns(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Stores a new run of {@code p} (named {@code playbook} by its starter) for the incident, its steps pending,
     * unless the incident has an unfinished run of the same playbook.
     *
     * @return the id of the new run, or of the unfinished one
     */
    long create(long incidentId, String playbook, Playbook p, PlaybookContext context, String startedBy, Instant now) {
        return database.inTransaction(h -> {
            PlaybookRunDao dao = new PlaybookRunDao(h);
            Optional<RunRow> active = dao.ofIncident(incidentId).stream()
                    .filter(r -> r.playbook().equals(playbook) && ACTIVE.contains(r.status()))
                    .findFirst();
            if (active.isPresent()) {
                return active.get().id();
            }
            long next = dao.nextId();
            dao.insert(new RunRow(
                    next,
                    incidentId,
                    playbook,
                    p.source(),
                    RunCodec.context(context),
                    RunCodec.status(RunStatus.RUNNING),
                    startedBy,
                    now,
                    now,
                    Optional.empty()));
            for (int i = 0; i < p.steps().size(); i++) {
                dao.insert(new StepRow(
                        next,
                        i,
                        p.steps().get(i).id(),
                        RunCodec.state(StepState.PENDING),
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "",
                        "[]"));
            }
            return next;
        });
    }

    /** Runs still running or awaiting approval. */
    List<RunRow> active() {
        return database.read(h -> new PlaybookRunDao(h).withStatus(ACTIVE));
    }

    List<RunRow> ofIncident(long incidentId) {
        return database.read(h -> new PlaybookRunDao(h).ofIncident(incidentId));
    }

    /** Stores step {@code s} and the run's status. */
    void storeStep(long runId, StepView s, RunStatus status) {
        database.useTransaction(h -> {
            PlaybookRunDao dao = new PlaybookRunDao(h);
            dao.update(RunCodec.row(runId, s));
            RunRow r = dao.find(runId).orElseThrow();
            dao.updateRun(runId, RunCodec.status(status), clock.instant(), r.containedAt());
        });
    }

    /** Stores the run's status, updated {@code at}, and when it contained the incident. */
    void storeRun(long runId, RunStatus status, Instant at, Optional<Instant> containedAt) {
        database.useTransaction(h -> new PlaybookRunDao(h).updateRun(runId, RunCodec.status(status), at, containedAt));
    }

    /** @throws IncidentException {@link IncidentReason#NO_SUCH_RUN} */
    Loaded load(long runId) {
        return database.read(h -> {
            PlaybookRunDao dao = new PlaybookRunDao(h);
            RunRow run = dao.find(runId)
                    .orElseThrow(() -> new IncidentException(IncidentReason.NO_SUCH_RUN, "no playbook run " + runId));
            Playbook p = PlaybookParser.parse(run.definition());
            return new Loaded(p, RunCodec.view(run, p, dao.steps(runId)));
        });
    }
}
