package dev.warden.incident.notify;

import dev.warden.monitor.store.DeliveryStatus;
import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@code incident_notify_outbox}, on one handle. */
final class OutboxDao {
    private static final String COLUMNS = "id, delivery_id, dedup_key, incident_id, kind, clock, channel, recipient,"
            + " address, secret_name, subject, body, status, attempts, next_attempt_at, last_error, created_at,"
            + " finished_at";

    private final Handle handle;

    OutboxDao(Handle handle) {
        this.handle = handle;
    }

    boolean exists(String dedupKey) {
        return handle.createQuery("SELECT COUNT(*) FROM incident_notify_outbox WHERE dedup_key = :k")
                        .bind("k", dedupKey)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    /** Whether {@code recipient} was already sent (or is being sent) a notice of the incident of one of the kinds. */
    boolean told(long incidentId, String recipient, List<String> kinds) {
        return handle.createQuery("SELECT COUNT(*) FROM incident_notify_outbox WHERE incident_id = :i"
                                + " AND recipient = :r AND kind IN (<kinds>) AND status <> :failed")
                        .bind("i", incidentId)
                        .bind("r", recipient)
                        .bindList("kinds", kinds)
                        .bind("failed", DeliveryStatus.FAILED.id())
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    long nextId() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM incident_notify_outbox")
                .mapTo(Long.class)
                .one();
    }

    void insert(NotificationRecord n) {
        handle.createUpdate("INSERT INTO incident_notify_outbox (" + COLUMNS + ") VALUES (:id, :delivery, :key,"
                        + " :incident, :kind, :clock, :channel, :recipient, :address, :secret, :subject, :body,"
                        + " :status, :attempts, :next, :error, :created, :finished)")
                .bind("id", n.id())
                .bind("delivery", n.deliveryId())
                .bind("key", n.dedupKey())
                .bind("incident", n.incidentId())
                .bind("kind", n.kind().id())
                .bind("clock", n.clock())
                .bind("channel", n.channel().id())
                .bind("recipient", n.recipient())
                .bind("address", n.address())
                .bind("secret", n.secretName())
                .bind("subject", n.subject())
                .bind("body", n.body())
                .bind("status", n.status().id())
                .bind("attempts", n.attempts())
                .bind("next", Times.millis(n.nextAttemptAt()))
                .bind("error", n.lastError())
                .bind("created", Times.millis(n.createdAt()))
                .bind("finished", Times.millis(n.finishedAt()))
                .execute();
    }

    /** Records an attempt on a pending row; false when it was no longer pending (a final state is written once). */
    boolean recordAttempt(long id, DeliveryStatus status, int attempts, Instant next, String error, Instant finished) {
        return handle.createUpdate("UPDATE incident_notify_outbox SET status = :status, attempts = :attempts,"
                                + " next_attempt_at = :next, last_error = :error, finished_at = :finished"
                                + " WHERE id = :id AND status = :pending")
                        .bind("status", status.id())
                        .bind("attempts", attempts)
                        .bind("next", Times.millis(next))
                        .bind("error", error)
                        .bind("finished", Times.millis(finished))
                        .bind("id", id)
                        .bind("pending", DeliveryStatus.PENDING.id())
                        .execute()
                == 1;
    }

    Optional<NotificationRecord> find(long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM incident_notify_outbox WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** An incident's notifications, oldest first. */
    List<NotificationRecord> ofIncident(long incidentId) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM incident_notify_outbox WHERE incident_id = :i" + " ORDER BY id")
                .bind("i", incidentId)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Every pending row, the earliest due first: what a restarted node resumes. */
    List<NotificationRecord> pending() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM incident_notify_outbox WHERE status = :pending"
                        + " ORDER BY next_attempt_at, id")
                .bind("pending", DeliveryStatus.PENDING.id())
                .map((rs, ctx) -> map(rs))
                .list();
    }

    private static NotificationRecord map(ResultSet rs) throws SQLException {
        return new NotificationRecord(
                rs.getLong("id"),
                rs.getString("delivery_id"),
                rs.getString("dedup_key"),
                rs.getLong("incident_id"),
                IncidentNotice.Kind.parse(rs.getString("kind")),
                rs.getString("clock"),
                Channel.parse(rs.getString("channel")),
                rs.getString("recipient"),
                rs.getString("address"),
                rs.getString("secret_name"),
                rs.getString("subject"),
                rs.getString("body"),
                DeliveryStatus.parse(rs.getString("status")),
                rs.getInt("attempts"),
                Times.instant(rs, "next_attempt_at"),
                rs.getString("last_error"),
                Times.instant(rs, "created_at"),
                Times.instant(rs, "finished_at"));
    }
}
