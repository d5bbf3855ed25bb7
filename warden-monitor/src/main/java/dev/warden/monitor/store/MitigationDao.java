package dev.warden.monitor.store;

import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Mitigations ({@code monitor_mitigations}), on one handle. */
public final class MitigationDao {
    private static final String COLUMNS =
            "id, alarm_id, action, target, automatic, principal, status, detail, created_at, finished_at";

    private final Handle handle;

    public MitigationDao(Handle handle) {
        this.handle = handle;
    }

    /**
     * Stores a new pending mitigation under the next id and returns it. The caller's transaction is serializable, so
     * two concurrent inserts cannot take the same id (one of them is retried or fails).
     */
    public MitigationRecord insertPending(
            long alarmId, MitigationAction action, TargetKey target, boolean automatic, String principal, Instant now) {
        long id = handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM monitor_mitigations")
                .mapTo(Long.class)
                .one();
        MitigationRecord record = new MitigationRecord(
                id, alarmId, action, target, automatic, principal, MitigationStatus.PENDING, null, now, null);
        handle.createUpdate("INSERT INTO monitor_mitigations (" + COLUMNS + ") VALUES (:id, :alarm, :action, :target,"
                        + " :automatic, :principal, :status, NULL, :created, NULL)")
                .bind("id", id)
                .bind("alarm", alarmId)
                .bind("action", action.id())
                .bind("target", target.toString())
                .bind("automatic", automatic ? 1 : 0)
                .bind("principal", principal)
                .bind("status", MitigationStatus.PENDING.id())
                .bind("created", Times.millis(now))
                .execute();
        return record;
    }

    /** Ends a pending mitigation; false if it was not pending (an outcome is written once). */
    public boolean finish(long id, MitigationStatus status, String detail, Instant now) {
        if (status == MitigationStatus.PENDING) {
            throw new IllegalArgumentException("a mitigation finishes done or failed");
        }
        return handle.createUpdate("UPDATE monitor_mitigations SET status = :status, detail = :detail,"
                                + " finished_at = :now WHERE id = :id AND status = :pending")
                        .bind("status", status.id())
                        .bind("detail", detail)
                        .bind("now", Times.millis(now))
                        .bind("id", id)
                        .bind("pending", MitigationStatus.PENDING.id())
                        .execute()
                == 1;
    }

    /** How many mitigations ran (done or failed, or pending), by action id. */
    public java.util.Map<String, Long> countsByAction() {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        handle.createQuery("SELECT action, COUNT(*) AS n FROM monitor_mitigations GROUP BY action")
                .map((rs, ctx) -> java.util.Map.entry(rs.getString("action"), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public Optional<MitigationRecord> find(long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_mitigations WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** The mitigations of one alarm, oldest first. */
    public List<MitigationRecord> ofAlarm(long alarmId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_mitigations WHERE alarm_id = :a ORDER BY id")
                .bind("a", alarmId)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** The newest {@code limit} mitigations with an id below {@code beforeId} (0: from the newest), newest first. */
    public List<MitigationRecord> recent(int limit, long beforeId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_mitigations WHERE (:before = 0 OR id < :before)"
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("before", beforeId)
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Pending mitigations, oldest first. */
    public List<MitigationRecord> pending() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_mitigations WHERE status = :pending ORDER BY id")
                .bind("pending", MitigationStatus.PENDING.id())
                .map((rs, ctx) -> map(rs))
                .list();
    }

    private static MitigationRecord map(ResultSet rs) throws SQLException {
        String action = rs.getString("action");
        return new MitigationRecord(
                rs.getLong("id"),
                rs.getLong("alarm_id"),
                MitigationAction.byId(action)
                        .orElseThrow(() -> new SQLException("unknown mitigation action '" + action + "'")),
                TargetKey.parse(rs.getString("target")),
                rs.getInt("automatic") != 0,
                rs.getString("principal"),
                MitigationStatus.parse(rs.getString("status")),
                rs.getString("detail"),
                Times.instant(rs, "created_at"),
                Times.instant(rs, "finished_at"));
    }
}
