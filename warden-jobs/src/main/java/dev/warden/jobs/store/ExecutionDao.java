package dev.warden.jobs.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.jobs.JobExecution;
import dev.warden.jobs.rollout.ExecutionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Rows of {@code job_executions} for one region. */
public final class ExecutionDao {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS =
            "job_id, thing, status, version, queued_at, notified_at, started_at, updated_at, details";

    private final Handle h;
    private final String region;

    public ExecutionDao(Handle h, String region) {
        this.h = h;
        this.region = region;
    }

    public void insert(JobExecution e) {
        h.createUpdate("INSERT INTO job_executions (region, " + COLUMNS + ") VALUES (:region, :job, :thing, :status,"
                        + " :version, :queued, NULL, NULL, :updated, :details)")
                .bind("region", region)
                .bind("job", e.jobId())
                .bind("thing", e.thing())
                .bind("status", e.status().name())
                .bind("version", e.version())
                .bind("queued", e.queuedAt().toEpochMilli())
                .bind("updated", e.updatedAt().toEpochMilli())
                .bind("details", json(e.details()))
                .execute();
    }

    /**
     * Writes {@code next} over the row if it is still at {@code expectedVersion}; false when another change came first
     * (the caller reads again and decides again).
     */
    public boolean update(JobExecution next, long expectedVersion) {
        return h.createUpdate("UPDATE job_executions SET status = :status, version = :version, notified_at = :notified,"
                                + " started_at = :started, updated_at = :updated, details = :details"
                                + " WHERE region = :region AND job_id = :job AND thing = :thing"
                                + " AND version = :expected")
                        .bind("status", next.status().name())
                        .bind("version", next.version())
                        .bind(
                                "notified",
                                next.notifiedAt().map(Instant::toEpochMilli).orElse(null))
                        .bind(
                                "started",
                                next.startedAt().map(Instant::toEpochMilli).orElse(null))
                        .bind("updated", next.updatedAt().toEpochMilli())
                        .bind("details", json(next.details()))
                        .bind("region", region)
                        .bind("job", next.jobId())
                        .bind("thing", next.thing())
                        .bind("expected", expectedVersion)
                        .execute()
                == 1;
    }

    public Optional<JobExecution> find(String job, String thing) {
        return h.createQuery("SELECT " + COLUMNS + " FROM job_executions WHERE region = :region AND job_id = :job"
                        + " AND thing = :thing")
                .bind("region", region)
                .bind("job", job)
                .bind("thing", thing)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    public List<JobExecution> ofJob(String job, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM job_executions WHERE region = :region AND job_id = :job"
                        + " ORDER BY thing LIMIT :limit")
                .bind("region", region)
                .bind("job", job)
                .bind("limit", limit)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    /** A thing's executions that were notified and have not ended: what the device should act on. */
    public List<JobExecution> pendingFor(String thing) {
        return h.createQuery(
                        "SELECT " + COLUMNS + " FROM job_executions WHERE region = :region AND thing = :thing"
                                + " AND status IN ('QUEUED', 'IN_PROGRESS') AND notified_at IS NOT NULL ORDER BY queued_at, job_id")
                .bind("region", region)
                .bind("thing", thing)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    /** Queued executions not yet notified, oldest first. */
    public List<JobExecution> waiting(String job, long limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM job_executions WHERE region = :region AND job_id = :job"
                        + " AND status = 'QUEUED' AND notified_at IS NULL ORDER BY queued_at, thing LIMIT :limit")
                .bind("region", region)
                .bind("job", job)
                .bind("limit", limit)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    /** How many queued executions wait for their turn (not yet notified). */
    public long countWaiting(String job) {
        return h.createQuery("SELECT COUNT(*) FROM job_executions WHERE region = :region AND job_id = :job"
                        + " AND status = 'QUEUED' AND notified_at IS NULL")
                .bind("region", region)
                .bind("job", job)
                .mapTo(Long.class)
                .one();
    }

    /** In-progress executions that started at or before {@code startedBy}. */
    public List<JobExecution> startedBefore(String job, Instant startedBy) {
        return h.createQuery("SELECT " + COLUMNS + " FROM job_executions WHERE region = :region AND job_id = :job"
                        + " AND status = 'IN_PROGRESS' AND started_at <= :by")
                .bind("region", region)
                .bind("job", job)
                .bind("by", startedBy.toEpochMilli())
                .map((rs, ctx) -> row(rs))
                .list();
    }

    public Map<ExecutionStatus, Long> countByStatus(String job) {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        h.createQuery("SELECT status, COUNT(*) AS n FROM job_executions WHERE region = :region AND job_id = :job"
                        + " GROUP BY status")
                .bind("region", region)
                .bind("job", job)
                .map((rs, ctx) -> Map.entry(ExecutionStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** How many were notified in all, and since {@code since}. */
    public long[] notified(String job, Instant since) {
        return h.createQuery("SELECT COUNT(notified_at) AS total, COALESCE(SUM(CASE WHEN notified_at > :since THEN 1"
                        + " ELSE 0 END), 0) AS recent FROM job_executions WHERE region = :region AND job_id = :job")
                .bind("since", since.toEpochMilli())
                .bind("region", region)
                .bind("job", job)
                .map((rs, ctx) -> new long[] {rs.getLong("total"), rs.getLong("recent")})
                .one();
    }

    /** Ends every execution of {@code job} that has not ended, as {@code status}. */
    public int endOpen(String job, ExecutionStatus status, Instant at) {
        return h.createUpdate("UPDATE job_executions SET status = :status, version = version + 1, updated_at = :at"
                        + " WHERE region = :region AND job_id = :job AND status IN ('QUEUED', 'IN_PROGRESS')")
                .bind("status", status.name())
                .bind("at", at.toEpochMilli())
                .bind("region", region)
                .bind("job", job)
                .execute();
    }

    private static JobExecution row(ResultSet rs) throws SQLException {
        try {
            return new JobExecution(
                    rs.getString("job_id"),
                    rs.getString("thing"),
                    ExecutionStatus.valueOf(rs.getString("status")),
                    rs.getLong("version"),
                    Instant.ofEpochMilli(rs.getLong("queued_at")),
                    instant(rs, "notified_at"),
                    instant(rs, "started_at"),
                    Instant.ofEpochMilli(rs.getLong("updated_at")),
                    JSON.readValue(rs.getString("details"), new TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    private static String json(Map<String, String> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is JSON", e);
        }
    }
}
