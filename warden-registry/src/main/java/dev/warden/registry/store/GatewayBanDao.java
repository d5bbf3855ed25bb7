package dev.warden.registry.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Operators' bans of the MQTT gateway, on one handle: what they ban ({@code ip}, {@code client-id} or {@code thing}
 * and its value), until when, why and by whom. Automatic bans are never stored.
 */
public final class GatewayBanDao {
    /** One stored ban. */
    public record StoredBan(
            String kind, String target, Instant expiresAt, String reason, String createdBy, Instant createdAt) {}

    private final Handle handle;

    public GatewayBanDao(Handle handle) {
        this.handle = handle;
    }

    /** Stores the ban, replacing one of the same target. */
    public void put(StoredBan ban) {
        delete(ban.kind(), ban.target());
        handle.createUpdate("INSERT INTO gateway_bans (kind, target, expires_at, reason, created_by, created_at)"
                        + " VALUES (:k, :t, :e, :r, :b, :c)")
                .bind("k", ban.kind())
                .bind("t", ban.target())
                .bind("e", ban.expiresAt().toEpochMilli())
                .bind("r", ban.reason())
                .bind("b", ban.createdBy())
                .bind("c", ban.createdAt().toEpochMilli())
                .execute();
    }

    public boolean delete(String kind, String target) {
        return handle.createUpdate("DELETE FROM gateway_bans WHERE kind = :k AND target = :t")
                        .bind("k", kind)
                        .bind("t", target)
                        .execute()
                > 0;
    }

    /** Bans still in force at {@code now}; expired ones are deleted. */
    public List<StoredBan> active(Instant now) {
        handle.createUpdate("DELETE FROM gateway_bans WHERE expires_at <= :n")
                .bind("n", now.toEpochMilli())
                .execute();
        return handle.createQuery("SELECT kind, target, expires_at, reason, created_by, created_at FROM gateway_bans"
                        + " ORDER BY created_at")
                .map((rs, ctx) -> new StoredBan(
                        rs.getString("kind"),
                        rs.getString("target"),
                        Instant.ofEpochMilli(rs.getLong("expires_at")),
                        rs.getString("reason"),
                        rs.getString("created_by"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list();
    }

    /** Deletes one ban if it has expired by {@code now}; true if it did. */
    public boolean deleteIfExpired(String kind, String target, Instant now) {
        return handle.createUpdate("DELETE FROM gateway_bans WHERE kind = :k AND target = :t AND expires_at <= :n")
                        .bind("k", kind)
                        .bind("t", target)
                        .bind("n", now.toEpochMilli())
                        .execute()
                > 0;
    }
}
