package dev.warden.registry.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Which user a USER certificate names (the certificate itself is a row of {@code certificates}), on one handle. This
 * region's data only: IAM replication does not carry it.
 */
public final class UserCertificateDao {
    private final Handle handle;

    public UserCertificateDao(Handle handle) {
        this.handle = handle;
    }

    /** Records that the certificate {@code serial} (already in certificates) names {@code user}. */
    public void add(String serial, String user, Instant now) {
        handle.createUpdate("INSERT INTO user_certificates (serial, user_name, created_at) VALUES (:s, :u, :t)")
                .bind("s", serial)
                .bind("u", user)
                .bind("t", now.toEpochMilli())
                .execute();
    }

    /** The user a user certificate names, if {@code serial} is one. */
    public Optional<String> userOf(String serial) {
        return handle.createQuery("SELECT user_name FROM user_certificates WHERE serial = :s")
                .bind("s", serial)
                .mapTo(String.class)
                .findOne();
    }

    /** Serials of the user's certificates, oldest first. */
    public List<String> serials(String user) {
        return handle.createQuery(
                        "SELECT serial FROM user_certificates WHERE user_name = :u ORDER BY created_at, serial")
                .bind("u", user)
                .mapTo(String.class)
                .list();
    }
}
