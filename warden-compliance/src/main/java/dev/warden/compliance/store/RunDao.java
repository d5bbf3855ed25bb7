package dev.warden.compliance.store;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code compliance_runs}, the history of runs. */
public final class RunDao {
    private static final String COLUMNS = "id, started_at, trigger_kind, checks, failed, duration_ms, opened, resolved,"
            + " open_critical, open_high, open_medium, open_low";

    private final Handle handle;

    public RunDao(Handle handle) {
        this.handle = handle;
    }

    public long nextId() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM compliance_runs")
                .mapTo(Long.class)
                .one();
    }

    public void insert(RunRecord r) {
        handle.createUpdate("INSERT INTO compliance_runs (" + COLUMNS + ") VALUES (:id, :started, :trigger, :checks,"
                        + " :failed, :duration, :opened, :resolved, :critical, :high, :medium, :low)")
                .bind("id", r.id())
                .bind("started", r.startedAt().toEpochMilli())
                .bind("trigger", r.trigger())
                .bind("checks", join(r.checks()))
                .bind("failed", join(r.failed()))
                .bind("duration", r.duration().toMillis())
                .bind("opened", r.opened())
                .bind("resolved", r.resolved())
                .bind("critical", r.open().get(Severity.CRITICAL))
                .bind("high", r.open().get(Severity.HIGH))
                .bind("medium", r.open().get(Severity.MEDIUM))
                .bind("low", r.open().get(Severity.LOW))
                .execute();
    }

    public Optional<RunRecord> find(long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM compliance_runs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> run(rs))
                .findOne();
    }

    /** Runs started at or after {@code since}, newest first, at most {@code limit}. */
    public List<RunRecord> recent(Instant since, int limit) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM compliance_runs WHERE started_at >= :since"
                        + " ORDER BY started_at DESC, id DESC LIMIT :limit")
                .bind("since", since.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> run(rs))
                .list();
    }

    private static String join(List<CheckId> checks) {
        return checks.stream().map(CheckId::name).collect(Collectors.joining(","));
    }

    private static List<CheckId> split(String text) {
        return text == null || text.isEmpty()
                ? List.of()
                : Arrays.stream(text.split(","))
                        .map(CheckId::byName)
                        .flatMap(Optional::stream)
                        .toList();
    }

    private static RunRecord run(ResultSet rs) throws SQLException {
        Map<Severity, Integer> open = new EnumMap<>(Severity.class);
        open.put(Severity.CRITICAL, rs.getInt("open_critical"));
        open.put(Severity.HIGH, rs.getInt("open_high"));
        open.put(Severity.MEDIUM, rs.getInt("open_medium"));
        open.put(Severity.LOW, rs.getInt("open_low"));
        return new RunRecord(
                rs.getLong("id"),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                rs.getString("trigger_kind"),
                split(rs.getString("checks")),
                split(rs.getString("failed")),
                Duration.ofMillis(rs.getLong("duration_ms")),
                rs.getInt("opened"),
                rs.getInt("resolved"),
                open);
    }
}
