package dev.warden.incident.notify;

import dev.warden.incident.core.Severity;
import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@code incident_notify_escalations}: the escalations under way, on one handle. */
final class EscalationDao {
    /** One incident's escalation: its policy, what to say, and how far it went. */
    record Row(
            long incidentId,
            String policy,
            String title,
            Severity severity,
            Instant openedAt,
            Instant nextDueAt,
            int levelsTold) {}

    private static final String COLUMNS = "incident_id, policy, title, severity, opened_at, next_due_at, levels_told";
    private final Handle handle;

    EscalationDao(Handle handle) {
        this.handle = handle;
    }

    /** Starts an escalation unless the incident has one; false if it had. */
    boolean start(long incidentId, String policy, String title, Severity severity, Instant openedAt) {
        if (find(incidentId).isPresent()) {
            return false;
        }
        handle.createUpdate("INSERT INTO incident_notify_escalations (" + COLUMNS + ") VALUES (:id, :policy, :title,"
                        + " :severity, :opened, :opened, 0)")
                .bind("id", incidentId)
                .bind("policy", policy)
                .bind("title", title)
                .bind("severity", severity.id())
                .bind("opened", openedAt.toEpochMilli())
                .execute();
        return true;
    }

    Optional<Row> find(long incidentId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM incident_notify_escalations WHERE incident_id = :id")
                .bind("id", incidentId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Escalations with a level due by {@code now}, the earliest first. */
    List<Row> due(Instant now) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM incident_notify_escalations"
                        + " WHERE next_due_at IS NOT NULL AND next_due_at <= :now ORDER BY next_due_at")
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Escalations still under way (a next level due some time). */
    List<Row> active() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM incident_notify_escalations"
                        + " WHERE next_due_at IS NOT NULL ORDER BY next_due_at")
                .map((rs, ctx) -> map(rs))
                .list();
    }

    void advance(long incidentId, int levelsTold, Instant nextDueAt) {
        handle.createUpdate("UPDATE incident_notify_escalations SET levels_told = :told, next_due_at = :next"
                        + " WHERE incident_id = :id")
                .bind("told", levelsTold)
                .bind("next", Times.millis(nextDueAt))
                .bind("id", incidentId)
                .execute();
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(
                rs.getLong("incident_id"),
                rs.getString("policy"),
                rs.getString("title"),
                Severity.parse(rs.getString("severity")),
                Times.instant(rs, "opened_at"),
                Times.instant(rs, "next_due_at"),
                rs.getInt("levels_told"));
    }
}
