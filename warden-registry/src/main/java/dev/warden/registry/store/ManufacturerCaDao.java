package dev.warden.registry.store;

import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Registered manufacturer CAs, on one handle. */
public final class ManufacturerCaDao {
    private static final String COLUMNS = "fingerprint, subject, pem, template_name, status, created_at";
    private final Handle handle;

    public ManufacturerCaDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(ManufacturerCa ca) {
        if (find(ca.fingerprint()).isPresent()) {
            throw new StorageException(StorageReason.ALREADY_EXISTS, "manufacturer CA already registered");
        }
        handle.createUpdate("INSERT INTO manufacturer_cas (" + COLUMNS
                        + ") VALUES (:fp, :subject, :pem, :template, :status, :created)")
                .bind("fp", ca.fingerprint())
                .bind("subject", ca.subject())
                .bind("pem", ca.pem())
                .bind("template", ca.templateName())
                .bind("status", ca.status())
                .bind("created", Times.millis(ca.createdAt()))
                .execute();
    }

    public Optional<ManufacturerCa> find(String fingerprint) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM manufacturer_cas WHERE fingerprint = :fp")
                .bind("fp", fingerprint)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<ManufacturerCa> list() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM manufacturer_cas ORDER BY created_at")
                .map((rs, ctx) -> map(rs))
                .list();
    }

    public boolean setStatus(String fingerprint, String status) {
        return handle.createUpdate("UPDATE manufacturer_cas SET status = :status WHERE fingerprint = :fp")
                        .bind("status", status)
                        .bind("fp", fingerprint)
                        .execute()
                == 1;
    }

    /** Records that the CA registered the certificate {@code serial} of {@code thing} (JITP). */
    public void recordRegistration(String serial, String caFingerprint, String thing, java.time.Instant now) {
        handle.createUpdate(
                        "INSERT INTO manufacturer_ca_registrations (serial, ca_fingerprint, thing_name, created_at) "
                                + "VALUES (:s, :ca, :t, :now)")
                .bind("s", serial)
                .bind("ca", caFingerprint)
                .bind("t", thing)
                .bind("now", Times.millis(now))
                .execute();
    }

    /** The things the CA registered, by name. */
    public List<String> registeredThings(String caFingerprint) {
        return handle.createQuery("SELECT DISTINCT thing_name FROM manufacturer_ca_registrations "
                        + "WHERE ca_fingerprint = :ca ORDER BY thing_name")
                .bind("ca", caFingerprint)
                .mapTo(String.class)
                .list();
    }

    /** Serials whose registering CA is recorded (by any CA). */
    public java.util.Set<String> recordedSerials() {
        return new java.util.HashSet<>(handle.createQuery("SELECT serial FROM manufacturer_ca_registrations")
                .mapTo(String.class)
                .list());
    }

    private static ManufacturerCa map(ResultSet rs) throws SQLException {
        return new ManufacturerCa(
                rs.getString("fingerprint"),
                rs.getString("subject"),
                rs.getString("pem"),
                rs.getString("template_name"),
                rs.getString("status"),
                Times.instant(rs, "created_at"));
    }
}
