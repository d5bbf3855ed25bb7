package dev.warden.iam.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Hashes of admin bearer credentials (never the credentials themselves), on one handle. */
public final class AdminCredentialDao {
    private final Handle handle;

    public AdminCredentialDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(String id, String tokenHash, Instant now) {
        handle.createUpdate(
                        "INSERT INTO admin_credentials (id, token_hash, status, created_at) VALUES (:id, :hash, 'ACTIVE', :now)")
                .bind("id", id)
                .bind("hash", tokenHash)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** The id of the active credential with this hash, if any. */
    public Optional<String> activeIdForHash(String tokenHash) {
        return handle.createQuery("SELECT id FROM admin_credentials WHERE token_hash = :hash AND status = 'ACTIVE'")
                .bind("hash", tokenHash)
                .mapTo(String.class)
                .findOne();
    }

    public boolean exists(String id) {
        return handle.createQuery("SELECT COUNT(*) FROM admin_credentials WHERE id = :id")
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** An admin credential as stored, without its hash. */
    public record Credential(String id, String status, Instant createdAt) {}

    /** Every admin credential, active or revoked, oldest first. */
    public java.util.List<Credential> list() {
        return handle.createQuery("SELECT id, status, created_at FROM admin_credentials ORDER BY created_at, id")
                .map((rs, ctx) -> new Credential(
                        rs.getString("id"), rs.getString("status"), Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list();
    }

    public long countActive() {
        return handle.createQuery("SELECT COUNT(*) FROM admin_credentials WHERE status = 'ACTIVE'")
                .mapTo(Long.class)
                .one();
    }
}
