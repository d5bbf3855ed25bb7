package dev.warden.jobs.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.jobs.Job;
import dev.warden.jobs.JobStatus;
import dev.warden.jobs.SettingsJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Rows of {@code jobs} for one region. */
public final class JobDao {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS =
            "job_id, thing_type, version, status, settings, created_at, created_by, ended_at, reason";

    private final Handle h;
    private final String region;

    public JobDao(Handle h, String region) {
        this.h = h;
        this.region = region;
    }

    public void insert(Job job) {
        h.createUpdate("INSERT INTO jobs (region, " + COLUMNS + ") VALUES (:region, :id, :type, :version, :status,"
                        + " :settings, :created, :by, NULL, NULL)")
                .bind("region", region)
                .bind("id", job.id())
                .bind("type", job.thingType())
                .bind("version", job.version())
                .bind("status", job.status().name())
                .bind("settings", SettingsJson.write(job.settings()).toString())
                .bind("created", job.createdAt().toEpochMilli())
                .bind("by", job.createdBy())
                .execute();
    }

    /** Ends a job still in progress; false when it had ended already. */
    public boolean end(String id, JobStatus status, Instant at, String reason) {
        return h.createUpdate("UPDATE jobs SET status = :status, ended_at = :at, reason = :reason"
                                + " WHERE region = :region AND job_id = :id AND status = 'IN_PROGRESS'")
                        .bind("status", status.name())
                        .bind("at", at.toEpochMilli())
                        .bind("reason", reason)
                        .bind("region", region)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    public Optional<Job> find(String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE region = :region AND job_id = :id")
                .bind("region", region)
                .bind("id", id)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    /** Jobs, newest first; only those in {@code status} when it is not null. */
    public List<Job> list(JobStatus status, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE region = :region"
                        + (status == null ? "" : " AND status = :status")
                        + " ORDER BY created_at DESC, job_id LIMIT :limit")
                .bind("region", region)
                .bind("status", status == null ? null : status.name())
                .bind("limit", limit)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    private static Job row(ResultSet rs) throws SQLException {
        long ended = rs.getLong("ended_at");
        Optional<Instant> endedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ended));
        try {
            return new Job(
                    rs.getString("job_id"),
                    rs.getString("thing_type"),
                    rs.getString("version"),
                    JobStatus.valueOf(rs.getString("status")),
                    SettingsJson.read(JSON.readTree(rs.getString("settings"))),
                    Instant.ofEpochMilli(rs.getLong("created_at")),
                    rs.getString("created_by"),
                    endedAt,
                    Optional.ofNullable(rs.getString("reason")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
