package dev.warden.incident.playbook.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code playbook_runs} and {@code playbook_steps} on one handle. */
public final class PlaybookRunDao {
    private static final String RUN_COLUMNS = "id, incident_id, playbook, definition, context, status, started_by,"
            + " started_at, updated_at, contained_at";
    private static final String STEP_COLUMNS = "run_id, step_index, step_id, state, attempts, decided_by, decided_at,"
            + " started_at, finished_at, detail, results";

    private final Handle handle;

    public PlaybookRunDao(Handle handle) {
        this.handle = handle;
    }

    public long nextId() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM playbook_runs")
                .mapTo(Long.class)
                .one();
    }

    public void insert(RunRow r) {
        handle.createUpdate("INSERT INTO playbook_runs (" + RUN_COLUMNS + ") VALUES (:id, :incident, :playbook,"
                        + " :definition, :context, :status, :by, :started, :updated, :contained)")
                .bind("id", r.id())
                .bind("incident", r.incidentId())
                .bind("playbook", r.playbook())
                .bind("definition", r.definition())
                .bind("context", r.context())
                .bind("status", r.status())
                .bind("by", r.startedBy())
                .bind("started", r.startedAt().toEpochMilli())
                .bind("updated", r.updatedAt().toEpochMilli())
                .bind("contained", r.containedAt().map(Instant::toEpochMilli).orElse(null))
                .execute();
    }

    public void insert(StepRow s) {
        handle.createUpdate("INSERT INTO playbook_steps (" + STEP_COLUMNS + ") VALUES (:run, :index, :step, :state,"
                        + " :attempts, :by, :decided, :started, :finished, :detail, :results)")
                .bind("run", s.runId())
                .bind("index", s.index())
                .bind("step", s.stepId())
                .bind("state", s.state())
                .bind("attempts", s.attempts())
                .bind("by", s.decidedBy().orElse(null))
                .bind("decided", millis(s.decidedAt()))
                .bind("started", millis(s.startedAt()))
                .bind("finished", millis(s.finishedAt()))
                .bind("detail", s.detail())
                .bind("results", s.results())
                .execute();
    }

    /** Replaces a step's mutable columns. */
    public void update(StepRow s) {
        handle.createUpdate("UPDATE playbook_steps SET state = :state, attempts = :attempts, decided_by = :by,"
                        + " decided_at = :decided, started_at = :started, finished_at = :finished, detail = :detail,"
                        + " results = :results WHERE run_id = :run AND step_index = :index")
                .bind("run", s.runId())
                .bind("index", s.index())
                .bind("state", s.state())
                .bind("attempts", s.attempts())
                .bind("by", s.decidedBy().orElse(null))
                .bind("decided", millis(s.decidedAt()))
                .bind("started", millis(s.startedAt()))
                .bind("finished", millis(s.finishedAt()))
                .bind("detail", s.detail())
                .bind("results", s.results())
                .execute();
    }

    public void updateRun(long id, String status, Instant updatedAt, Optional<Instant> containedAt) {
        handle.createUpdate("UPDATE playbook_runs SET status = :status, updated_at = :updated,"
                        + " contained_at = :contained WHERE id = :id")
                .bind("id", id)
                .bind("status", status)
                .bind("updated", updatedAt.toEpochMilli())
                .bind("contained", containedAt.map(Instant::toEpochMilli).orElse(null))
                .execute();
    }

    public Optional<RunRow> find(long id) {
        return handle.createQuery("SELECT " + RUN_COLUMNS + " FROM playbook_runs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> run(rs))
                .findOne();
    }

    public List<RunRow> ofIncident(long incidentId) {
        return handle.createQuery(
                        "SELECT " + RUN_COLUMNS + " FROM playbook_runs WHERE incident_id = :incident" + " ORDER BY id")
                .bind("incident", incidentId)
                .map((rs, ctx) -> run(rs))
                .list();
    }

    /** Runs in one of {@code statuses}, oldest first. */
    public List<RunRow> withStatus(List<String> statuses) {
        return handle.createQuery(
                        "SELECT " + RUN_COLUMNS + " FROM playbook_runs WHERE status IN (<statuses>)" + " ORDER BY id")
                .bindList("statuses", statuses)
                .map((rs, ctx) -> run(rs))
                .list();
    }

    public List<StepRow> steps(long runId) {
        return handle.createQuery(
                        "SELECT " + STEP_COLUMNS + " FROM playbook_steps WHERE run_id = :run" + " ORDER BY step_index")
                .bind("run", runId)
                .map((rs, ctx) -> step(rs))
                .list();
    }

    private static Long millis(Optional<Instant> t) {
        return t.map(Instant::toEpochMilli).orElse(null);
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    private static RunRow run(ResultSet rs) throws SQLException {
        return new RunRow(
                rs.getLong("id"),
                rs.getLong("incident_id"),
                rs.getString("playbook"),
                rs.getString("definition"),
                rs.getString("context"),
                rs.getString("status"),
                rs.getString("started_by"),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                instant(rs, "contained_at"));
    }

    private static StepRow step(ResultSet rs) throws SQLException {
        return new StepRow(
                rs.getLong("run_id"),
                rs.getInt("step_index"),
                rs.getString("step_id"),
                rs.getString("state"),
                rs.getInt("attempts"),
                Optional.ofNullable(rs.getString("decided_by")),
                instant(rs, "decided_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("detail"),
                rs.getString("results"));
    }
}
