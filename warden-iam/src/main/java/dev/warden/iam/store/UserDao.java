package dev.warden.iam.store;

import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Users and their refresh tokens, on one handle. */
public final class UserDao {
    private static final String COLUMNS =
            "name, password_hash, mfa_secret, mfa_enabled, mfa_last_step, recovery_codes, "
                    + "failed_logins, locked_until, created_at, disabled";
    private final Handle handle;

    public UserDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(UserRecord u) {
        if (find(u.name()).isPresent()) {
            throw new StorageException(StorageReason.ALREADY_EXISTS, "user '" + u.name() + "' already exists");
        }
        handle.createUpdate("INSERT INTO users (" + COLUMNS
                        + ") VALUES (:name, :hash, NULL, 0, 0, NULL, 0, 0, :created, 0)")
                .bind("name", u.name())
                .bind("hash", u.passwordHash())
                .bind("created", u.createdAt().toEpochMilli())
                .execute();
    }

    public Optional<UserRecord> find(String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<String> names() {
        return handle.createQuery("SELECT name FROM users ORDER BY name")
                .mapTo(String.class)
                .list();
    }

    public void recordFailure(String name, int failedLogins, Instant lockedUntil) {
        handle.createUpdate("UPDATE users SET failed_logins = :f, locked_until = :l WHERE name = :name")
                .bind("f", failedLogins)
                .bind("l", lockedUntil.toEpochMilli())
                .bind("name", name)
                .execute();
    }

    public void recordSuccess(String name) {
        handle.createUpdate("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE name = :name")
                .bind("name", name)
                .execute();
    }

    public void setMfa(String name, String encryptedSecret, boolean enabled, String recoveryCodes) {
        handle.createUpdate(
                        "UPDATE users SET mfa_secret = :s, mfa_enabled = :e, recovery_codes = :r, mfa_last_step = 0 "
                                + "WHERE name = :name")
                .bind("s", encryptedSecret)
                .bind("e", enabled ? 1 : 0)
                .bind("r", recoveryCodes)
                .bind("name", name)
                .execute();
    }

    public void enableMfa(String name, long step) {
        handle.createUpdate("UPDATE users SET mfa_enabled = 1, mfa_last_step = :step WHERE name = :name")
                .bind("step", step)
                .bind("name", name)
                .execute();
    }

    /** Records the TOTP step just used, only if it is newer: a code is accepted once, even under concurrency. */
    public boolean useMfaStep(String name, long step) {
        return handle.createUpdate(
                                "UPDATE users SET mfa_last_step = :step WHERE name = :name AND mfa_last_step < :step")
                        .bind("step", step)
                        .bind("name", name)
                        .execute()
                == 1;
    }

    public void setRecoveryCodes(String name, String recoveryCodes) {
        handle.createUpdate("UPDATE users SET recovery_codes = :r WHERE name = :name")
                .bind("r", recoveryCodes)
                .bind("name", name)
                .execute();
    }

    public void insertRefreshToken(String tokenHash, String user, boolean mfa, Instant expiresAt, Instant now) {
        handle.createUpdate("INSERT INTO refresh_tokens (token_hash, user_name, mfa, expires_at, revoked, created_at) "
                        + "VALUES (:h, :u, :m, :e, 0, :now)")
                .bind("h", tokenHash)
                .bind("u", user)
                .bind("m", mfa ? 1 : 0)
                .bind("e", expiresAt.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** A refresh token that is neither revoked nor expired, of a user who exists and is enabled: (user, mfa). */
    public Optional<String[]> activeRefreshToken(String tokenHash, Instant now) {
        return handle.createQuery(
                        "SELECT r.user_name, r.mfa FROM refresh_tokens r JOIN users u ON u.name = r.user_name "
                                + "WHERE r.token_hash = :h AND r.revoked = 0 AND r.expires_at > :now AND u.disabled = 0")
                .bind("h", tokenHash)
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getInt(2) == 1 ? "true" : "false"})
                .findOne();
    }

    public boolean revokeRefreshToken(String tokenHash) {
        return handle.createUpdate("UPDATE refresh_tokens SET revoked = 1 WHERE token_hash = :h AND revoked = 0")
                        .bind("h", tokenHash)
                        .execute()
                == 1;
    }

    /** Sets whether the user is disabled; returns whether that changed anything. */
    public boolean setDisabled(String name, boolean disabled) {
        return handle.createUpdate("UPDATE users SET disabled = :d WHERE name = :name AND disabled <> :d")
                        .bind("d", disabled ? 1 : 0)
                        .bind("name", name)
                        .execute()
                == 1;
    }

    /** Revokes every live refresh token of the user; returns how many. */
    public int revokeRefreshTokens(String user) {
        return handle.createUpdate("UPDATE refresh_tokens SET revoked = 1 WHERE user_name = :u AND revoked = 0")
                .bind("u", user)
                .execute();
    }

    /** Forgets the user's TOTP seed and recovery codes; returns whether there was anything to forget. */
    public boolean clearMfa(String name) {
        return handle.createUpdate("UPDATE users SET mfa_secret = NULL, mfa_enabled = 0, recovery_codes = NULL, "
                                + "mfa_last_step = 0 WHERE name = :name AND (mfa_secret IS NOT NULL OR mfa_enabled = 1 "
                                + "OR recovery_codes IS NOT NULL)")
                        .bind("name", name)
                        .execute()
                == 1;
    }

    private static UserRecord map(ResultSet rs) throws SQLException {
        return new UserRecord(
                rs.getString("name"),
                rs.getString("password_hash"),
                rs.getString("mfa_secret"),
                rs.getInt("mfa_enabled") == 1,
                rs.getLong("mfa_last_step"),
                rs.getString("recovery_codes"),
                rs.getInt("failed_logins"),
                Instant.ofEpochMilli(rs.getLong("locked_until")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getInt("disabled") == 1);
    }
}
