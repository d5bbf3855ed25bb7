package dev.warden.monitor.store;

import dev.warden.monitor.core.AlarmKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code monitor_suppressions}. Expired rows stay until deleted; they match nothing. */
public final class SuppressionDao {
    private static final String COLUMNS = "id, profile, behaviour, target, reason, expires_at, created_by, created_at";

    private final Handle handle;

    public SuppressionDao(Handle handle) {
        this.handle = handle;
    }

    public long nextId() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM monitor_suppressions")
                .mapTo(Long.class)
                .one();
    }

    public void insert(Suppression s) {
        handle.createUpdate("INSERT INTO monitor_suppressions (" + COLUMNS
                        + ") VALUES (:id, :profile, :behaviour, :target, :reason, :expires, :by, :at)")
                .bind("id", s.id())
                .bind("profile", s.profile().orElse(null))
                .bind("behaviour", s.behaviour().orElse(null))
                .bind("target", s.target().orElse(null))
                .bind("reason", s.reason())
                .bind("expires", s.expiresAt().toEpochMilli())
                .bind("by", s.createdBy())
                .bind("at", s.createdAt().toEpochMilli())
                .execute();
    }

    public Optional<Suppression> find(long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_suppressions WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> suppression(rs))
                .findOne();
    }

    /** Suppressions in force at {@code now}, oldest first. */
    public List<Suppression> unexpired(Instant now) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM monitor_suppressions WHERE expires_at > :now ORDER BY id")
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> suppression(rs))
                .list();
    }

    /** The oldest suppression in force at {@code now} that matches {@code key}. */
    public Optional<Suppression> matching(AlarmKey key, Instant now) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_suppressions WHERE expires_at > :now"
                        + " AND (profile IS NULL OR profile = :profile)"
                        + " AND (behaviour IS NULL OR behaviour = :behaviour)"
                        + " AND (target IS NULL OR target = :target) ORDER BY id")
                .bind("now", now.toEpochMilli())
                .bind("profile", key.profile())
                .bind("behaviour", key.behaviour())
                .bind("target", key.target().toString())
                .map((rs, ctx) -> suppression(rs))
                .findFirst();
    }

    public boolean delete(long id) {
        return handle.createUpdate("DELETE FROM monitor_suppressions WHERE id = :id")
                        .bind("id", id)
                        .execute()
                > 0;
    }

    private static Suppression suppression(ResultSet rs) throws SQLException {
        return new Suppression(
                rs.getLong("id"),
                Optional.ofNullable(rs.getString("profile")),
                Optional.ofNullable(rs.getString("behaviour")),
                Optional.ofNullable(rs.getString("target")),
                rs.getString("reason"),
                Instant.ofEpochMilli(rs.getLong("expires_at")),
                rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
