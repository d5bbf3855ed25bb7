package dev.warden.monitor.store;

import dev.warden.monitor.core.AlarmKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** Reads and writes {@code monitor_alarms}: one row per raise; only state and verification change afterwards. */
public final class AlarmDao {
    private static final String COLUMNS = "id, profile, behaviour, target, metric, severity, state, value, detail,"
            + " first_seen, last_seen, cleared_at, invalid_reason, raise_count, verification, verification_note,"
            + " verified_by, verified_at, suppressed, suppression_id, detection_latency_ms";

    private final Handle handle;

    public AlarmDao(Handle handle) {
        this.handle = handle;
    }

    public long nextId() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM monitor_alarms")
                .mapTo(Long.class)
                .one();
    }

    /** How many times {@code key} was raised before. */
    public int raises(AlarmKey key) {
        return handle.createQuery("SELECT COUNT(*) FROM monitor_alarms"
                        + " WHERE profile = :profile AND behaviour = :behaviour AND target = :target")
                .bind("profile", key.profile())
                .bind("behaviour", key.behaviour())
                .bind("target", key.target().toString())
                .mapTo(Integer.class)
                .one();
    }

    public void insert(StoredAlarm a) {
        handle.createUpdate("INSERT INTO monitor_alarms (" + COLUMNS + ") VALUES (:id, :profile, :behaviour, :target,"
                        + " :metric, :severity, :state, :value, :detail, :firstSeen, :lastSeen, :clearedAt,"
                        + " :invalidReason, :raiseCount, :verification, :note, :verifiedBy, :verifiedAt,"
                        + " :suppressed, :suppressionId, :latency)")
                .bind("id", a.id())
                .bind("profile", a.profile())
                .bind("behaviour", a.behaviour())
                .bind("target", a.target())
                .bind("metric", a.metric())
                .bind("severity", a.severity())
                .bind("state", a.state().id())
                .bind("value", Double.toString(a.value()))
                .bind("detail", a.detail())
                .bind("firstSeen", a.firstSeen().toEpochMilli())
                .bind("lastSeen", a.lastSeen().toEpochMilli())
                .bind("clearedAt", a.clearedAt().map(Instant::toEpochMilli).orElse(null))
                .bind("invalidReason", a.invalidReason().orElse(null))
                .bind("raiseCount", a.raiseCount())
                .bind("verification", a.verification().id())
                .bind("note", a.verificationNote().orElse(null))
                .bind("verifiedBy", a.verifiedBy().orElse(null))
                .bind("verifiedAt", a.verifiedAt().map(Instant::toEpochMilli).orElse(null))
                .bind("suppressed", a.suppressed() ? 1 : 0)
                .bind("suppressionId", a.suppressionId().orElse(null))
                .bind("latency", a.detectionLatencyMillis())
                .execute();
    }

    public Optional<StoredAlarm> find(long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_alarms WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> alarm(rs))
                .findOne();
    }

    public List<StoredAlarm> list(AlarmFilter f) {
        List<String> where = new ArrayList<>();
        if (f.activeOnly()) {
            where.add("state = 'active'");
        }
        f.target().ifPresent(t -> where.add("target = :target"));
        f.profile().ifPresent(p -> where.add("profile = :profile"));
        f.behaviour().ifPresent(b -> where.add("behaviour = :behaviour"));
        f.severity().ifPresent(s -> where.add("severity = :severity"));
        f.beforeId().ifPresent(id -> where.add("id < :before"));
        String sql = "SELECT " + COLUMNS + " FROM monitor_alarms"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT :limit";
        Query q = handle.createQuery(sql).bind("limit", f.limit());
        f.target().ifPresent(t -> q.bind("target", t));
        f.profile().ifPresent(p -> q.bind("profile", p));
        f.behaviour().ifPresent(b -> q.bind("behaviour", b));
        f.severity().ifPresent(s -> q.bind("severity", s));
        f.beforeId().ifPresent(id -> q.bind("before", id));
        return q.map((rs, ctx) -> alarm(rs)).list();
    }

    /** How many alarms are active, by severity (severities with none are absent). */
    public java.util.Map<String, Long> activeBySeverity() {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        handle.createQuery(
                        "SELECT severity, COUNT(*) AS n FROM monitor_alarms WHERE state = 'active' GROUP BY severity")
                .map((rs, ctx) -> java.util.Map.entry(rs.getString("severity"), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Every active alarm, oldest first. */
    public List<StoredAlarm> active() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_alarms WHERE state = 'active' ORDER BY id")
                .map((rs, ctx) -> alarm(rs))
                .list();
    }

    /** The active alarms of one key (normally one), oldest first. */
    public List<StoredAlarm> active(AlarmKey key) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_alarms WHERE profile = :profile"
                        + " AND behaviour = :behaviour AND target = :target AND state = 'active' ORDER BY id")
                .bind("profile", key.profile())
                .bind("behaviour", key.behaviour())
                .bind("target", key.target().toString())
                .map((rs, ctx) -> alarm(rs))
                .list();
    }

    /** The active alarms of one target, oldest first. */
    public List<StoredAlarm> activeOf(String target) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_alarms"
                        + " WHERE target = :target AND state = 'active' ORDER BY id")
                .bind("target", target)
                .map((rs, ctx) -> alarm(rs))
                .list();
    }

    /** Clears an active alarm; its value and detail stay those that raised it. */
    public void clear(long id, Instant at) {
        handle.createUpdate("UPDATE monitor_alarms SET state = 'cleared', cleared_at = :at, last_seen = :at"
                        + " WHERE id = :id AND state = 'active'")
                .bind("at", at.toEpochMilli())
                .bind("id", id)
                .execute();
    }

    public void invalidate(long id, Instant at, String reason) {
        handle.createUpdate("UPDATE monitor_alarms SET state = 'invalid', cleared_at = :at, invalid_reason = :reason"
                        + " WHERE id = :id AND state = 'active'")
                .bind("at", at.toEpochMilli())
                .bind("reason", reason)
                .bind("id", id)
                .execute();
    }

    public void verify(long id, Verification state, String note, String by, Instant at) {
        handle.createUpdate("UPDATE monitor_alarms SET verification = :state, verification_note = :note,"
                        + " verified_by = :by, verified_at = :at WHERE id = :id")
                .bind("state", state.id())
                .bind("note", note)
                .bind("by", by)
                .bind("at", at.toEpochMilli())
                .bind("id", id)
                .execute();
    }

    private static StoredAlarm alarm(ResultSet rs) throws SQLException {
        return new StoredAlarm(
                rs.getLong("id"),
                rs.getString("profile"),
                rs.getString("behaviour"),
                rs.getString("target"),
                rs.getString("metric"),
                rs.getString("severity"),
                AlarmState.byId(rs.getString("state")),
                Double.parseDouble(rs.getString("value")),
                rs.getString("detail"),
                Instant.ofEpochMilli(rs.getLong("first_seen")),
                Instant.ofEpochMilli(rs.getLong("last_seen")),
                instant(rs, "cleared_at"),
                Optional.ofNullable(rs.getString("invalid_reason")),
                rs.getInt("raise_count"),
                Verification.byId(rs.getString("verification")).orElse(Verification.UNKNOWN),
                Optional.ofNullable(rs.getString("verification_note")),
                Optional.ofNullable(rs.getString("verified_by")),
                instant(rs, "verified_at"),
                rs.getInt("suppressed") == 1,
                Optional.ofNullable(rs.getObject("suppression_id")).map(o -> ((Number) o).longValue()),
                rs.getLong("detection_latency_ms"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
