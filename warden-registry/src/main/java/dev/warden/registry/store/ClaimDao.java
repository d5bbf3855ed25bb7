package dev.warden.registry.store;

import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Provisioning claims, on one handle. */
public final class ClaimDao {
    private static final String COLUMNS =
            "name, kind, template_name, status, token_hash, max_uses, uses, expires_at, created_at";
    private final Handle handle;

    public ClaimDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(Claim c) {
        if (find(c.name()).isPresent()) {
            throw new StorageException(StorageReason.ALREADY_EXISTS, "claim '" + c.name() + "' already exists");
        }
        handle.createUpdate("INSERT INTO claims (" + COLUMNS + ") VALUES (:name, :kind, :template, :status, :hash, "
                        + ":maxUses, :uses, :expires, :created)")
                .bind("name", c.name())
                .bind("kind", c.kind().name())
                .bind("template", c.templateName())
                .bind("status", c.status().name())
                .bind("hash", c.tokenHash())
                .bind("maxUses", c.maxUses())
                .bind("uses", c.uses())
                .bind("expires", Times.millis(c.expiresAt()))
                .bind("created", Times.millis(c.createdAt()))
                .execute();
    }

    public Optional<Claim> find(String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM claims WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public Optional<Claim> findByTokenHash(String tokenHash) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM claims WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<Claim> list() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM claims ORDER BY name")
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /**
     * Consumes one use, atomically with the registration it pays for: the guard in the WHERE clause makes a
     * single-use claim usable exactly once even under concurrent requests.
     */
    public boolean consumeUse(String name, long nowMillis) {
        return handle.createUpdate(
                                "UPDATE claims SET uses = uses + 1 WHERE name = :name AND status = 'ACTIVE' "
                                        + "AND (max_uses IS NULL OR uses < max_uses) AND (expires_at IS NULL OR expires_at > :now)")
                        .bind("name", name)
                        .bind("now", nowMillis)
                        .execute()
                == 1;
    }

    public boolean setStatus(String name, Claim.Status status) {
        return handle.createUpdate("UPDATE claims SET status = :status WHERE name = :name")
                        .bind("status", status.name())
                        .bind("name", name)
                        .execute()
                == 1;
    }

    private static Claim map(ResultSet rs) throws SQLException {
        int maxUses = rs.getInt("max_uses");
        Integer max = rs.wasNull() ? null : maxUses;
        return new Claim(
                rs.getString("name"),
                Claim.Kind.valueOf(rs.getString("kind")),
                rs.getString("template_name"),
                Claim.Status.valueOf(rs.getString("status")),
                rs.getString("token_hash"),
                max,
                rs.getInt("uses"),
                Times.instant(rs, "expires_at"),
                Times.instant(rs, "created_at"));
    }
}
