package dev.warden.iam.store;

import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Service accounts and their API keys (hashes only), on one handle. */
public final class ServiceAccountDao {
    private final Handle handle;

    /** An API key's metadata; the key itself is never stored. */
    public record ApiKey(String id, String account, Instant expiresAt, boolean revoked, Instant createdAt) {}

    public ServiceAccountDao(Handle handle) {
        this.handle = handle;
    }

    public void create(String name, Instant now) {
        if (exists(name)) {
            throw new StorageException(StorageReason.ALREADY_EXISTS, "service account '" + name + "' already exists");
        }
        handle.createUpdate("INSERT INTO service_accounts (name, created_at) VALUES (:n, :t)")
                .bind("n", name)
                .bind("t", now.toEpochMilli())
                .execute();
    }

    public boolean exists(String name) {
        return handle.createQuery("SELECT COUNT(*) FROM service_accounts WHERE name = :n")
                        .bind("n", name)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    public void addKey(String id, String account, String keyHash, Instant expiresAt, Instant now) {
        handle.createUpdate("INSERT INTO api_keys (id, account, key_hash, expires_at, revoked, created_at) "
                        + "VALUES (:id, :a, :h, :e, 0, :t)")
                .bind("id", id)
                .bind("a", account)
                .bind("h", keyHash)
                .bind("e", expiresAt.toEpochMilli())
                .bind("t", now.toEpochMilli())
                .execute();
    }

    /** The account of an active, unexpired key of an enabled account with this hash, with the key's id: {account, id}. */
    public Optional<String[]> activeKey(String keyHash, Instant now) {
        return handle.createQuery(
                        "SELECT k.account, k.id FROM api_keys k JOIN service_accounts a ON a.name = k.account "
                                + "WHERE k.key_hash = :h AND k.revoked = 0 AND k.expires_at > :now AND a.disabled = 0")
                .bind("h", keyHash)
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .findOne();
    }

    /** Whether the account exists and is not disabled. */
    public boolean enabled(String name) {
        return handle.createQuery("SELECT COUNT(*) FROM service_accounts WHERE name = :n AND disabled = 0")
                        .bind("n", name)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** Sets whether the account is disabled; returns whether that changed anything. */
    public boolean setDisabled(String name, boolean disabled) {
        return handle.createUpdate("UPDATE service_accounts SET disabled = :d WHERE name = :n AND disabled <> :d")
                        .bind("d", disabled ? 1 : 0)
                        .bind("n", name)
                        .execute()
                == 1;
    }

    /** Revokes every key of the account not revoked yet; returns how many. */
    public int revokeAllKeys(String account) {
        return handle.createUpdate("UPDATE api_keys SET revoked = 1 WHERE account = :a AND revoked = 0")
                .bind("a", account)
                .execute();
    }

    public boolean revokeKey(String account, String id) {
        return handle.createUpdate("UPDATE api_keys SET revoked = 1 WHERE account = :a AND id = :id AND revoked = 0")
                        .bind("a", account)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Records that the certificate {@code serial} (already in certificates) names {@code account}. */
    public void addCertificate(String serial, String account, Instant now) {
        handle.createUpdate(
                        "INSERT INTO service_account_certificates (serial, account, created_at) VALUES (:s, :a, :t)")
                .bind("s", serial)
                .bind("a", account)
                .bind("t", now.toEpochMilli())
                .execute();
    }

    /** The account a service-account certificate names, if {@code serial} is one. */
    public Optional<String> accountOfCertificate(String serial) {
        return handle.createQuery("SELECT account FROM service_account_certificates WHERE serial = :s")
                .bind("s", serial)
                .mapTo(String.class)
                .findOne();
    }

    /** Serials of the account's certificates, oldest first. */
    public List<String> certificateSerials(String account) {
        return handle.createQuery(
                        "SELECT serial FROM service_account_certificates WHERE account = :a ORDER BY created_at, serial")
                .bind("a", account)
                .mapTo(String.class)
                .list();
    }

    /** A service account and when it was created. */
    public record Account(String name, Instant createdAt) {}

    public List<Account> list() {
        return handle.createQuery("SELECT name, created_at FROM service_accounts ORDER BY name")
                .map((rs, ctx) -> new Account(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                .list();
    }

    /** Every API key of every account (metadata only), oldest first. */
    public List<ApiKey> allKeys() {
        return handle.createQuery(
                        "SELECT id, account, expires_at, revoked, created_at FROM api_keys ORDER BY created_at, id")
                .map((rs, ctx) -> new ApiKey(
                        rs.getString(1),
                        rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getInt(4) == 1,
                        Instant.ofEpochMilli(rs.getLong(5))))
                .list();
    }

    /** Every service-account certificate: serial to account. */
    public java.util.Map<String, String> allCertificates() {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        handle.createQuery("SELECT serial, account FROM service_account_certificates")
                .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public List<ApiKey> keys(String account) {
        return handle.createQuery(
                        "SELECT id, account, expires_at, revoked, created_at FROM api_keys WHERE account = :a ORDER BY created_at")
                .bind("a", account)
                .map((rs, ctx) -> new ApiKey(
                        rs.getString(1),
                        rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getInt(4) == 1,
                        Instant.ofEpochMilli(rs.getLong(5))))
                .list();
    }
}
