package dev.warden.monitor.store;

import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Webhook deliveries ({@code monitor_notifications}), on one handle. */
public final class NotificationDao {
    private static final String COLUMNS = "delivery_id, mitigation_id, alarm_id, url, secret_name, body, status,"
            + " attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at";

    private final Handle handle;

    public NotificationDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(NotificationRecord n) {
        handle.createUpdate("INSERT INTO monitor_notifications (" + COLUMNS + ") VALUES (:id, :mitigation, :alarm,"
                        + " :url, :secret, :body, :status, :attempts, :next, :code, :error, :created, :delivered)")
                .bind("id", n.deliveryId())
                .bind("mitigation", n.mitigationId())
                .bind("alarm", n.alarmId())
                .bind("url", n.url())
                .bind("secret", n.secretName())
                .bind("body", n.body())
                .bind("status", n.status().id())
                .bind("attempts", n.attempts())
                .bind("next", Times.millis(n.nextAttemptAt()))
                .bind("code", n.lastStatusCode())
                .bind("error", n.lastError())
                .bind("created", Times.millis(n.createdAt()))
                .bind("delivered", Times.millis(n.deliveredAt()))
                .execute();
    }

    /**
     * Records an attempt's result on a pending delivery; false if it was no longer pending (a delivery's final state
     * is written once).
     */
    public boolean recordAttempt(
            String deliveryId,
            DeliveryStatus status,
            int attempts,
            Instant nextAttemptAt,
            Integer lastStatusCode,
            String lastError,
            Instant deliveredAt) {
        return handle.createUpdate("UPDATE monitor_notifications SET status = :status, attempts = :attempts,"
                                + " next_attempt_at = :next, last_status_code = :code, last_error = :error,"
                                + " delivered_at = :delivered WHERE delivery_id = :id AND status = :pending")
                        .bind("status", status.id())
                        .bind("attempts", attempts)
                        .bind("next", Times.millis(nextAttemptAt))
                        .bind("code", lastStatusCode)
                        .bind("error", lastError)
                        .bind("delivered", Times.millis(deliveredAt))
                        .bind("id", deliveryId)
                        .bind("pending", DeliveryStatus.PENDING.id())
                        .execute()
                == 1;
    }

    public Optional<NotificationRecord> find(String deliveryId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_notifications WHERE delivery_id = :id")
                .bind("id", deliveryId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** The deliveries of one alarm, oldest first. */
    public List<NotificationRecord> ofAlarm(long alarmId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_notifications WHERE alarm_id = :a"
                        + " ORDER BY created_at, delivery_id")
                .bind("a", alarmId)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** The newest {@code limit} deliveries, newest first. */
    public List<NotificationRecord> recent(int limit) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_notifications"
                        + " ORDER BY created_at DESC, delivery_id LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Every pending delivery, the earliest due first: what a restarted node resumes. */
    public List<NotificationRecord> pending() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_notifications WHERE status = :pending"
                        + " ORDER BY next_attempt_at, delivery_id")
                .bind("pending", DeliveryStatus.PENDING.id())
                .map((rs, ctx) -> map(rs))
                .list();
    }

    private static NotificationRecord map(ResultSet rs) throws SQLException {
        int code = rs.getInt("last_status_code");
        Integer lastStatusCode = rs.wasNull() ? null : code;
        return new NotificationRecord(
                rs.getString("delivery_id"),
                rs.getLong("mitigation_id"),
                rs.getLong("alarm_id"),
                rs.getString("url"),
                rs.getString("secret_name"),
                rs.getString("body"),
                DeliveryStatus.parse(rs.getString("status")),
                rs.getInt("attempts"),
                Times.instant(rs, "next_attempt_at"),
                lastStatusCode,
                rs.getString("last_error"),
                Times.instant(rs, "created_at"),
                Times.instant(rs, "delivered_at"));
    }
}
