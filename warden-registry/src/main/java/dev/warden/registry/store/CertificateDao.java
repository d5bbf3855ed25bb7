package dev.warden.registry.store;

import dev.warden.storage.SqlErrors;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/** Certificates, on one handle. There is deliberately no way to un-revoke. */
public final class CertificateDao {
    private static final String COLUMNS =
            "serial, fingerprint, region, kind, subject_cn, status, thing_name, claim_name, "
                    + "not_before, not_after, pem, created_at, status_changed_at, revoked_at, revocation_reason, deactivate_at, replaced_by";
    private final Handle handle;

    public CertificateDao(Handle handle) {
        this.handle = handle;
    }

    /**
     * Inserts a certificate; a serial or fingerprint already present is refused with {@link StorageReason#ALREADY_EXISTS}
     * by the constraints, without a read first (see {@link ThingDao#insert}).
     */
    public void insert(CertificateRecord c) {
        try {
            insertRow(c);
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new StorageException(
                        StorageReason.ALREADY_EXISTS, "certificate " + c.serial() + " already exists");
            }
            throw e;
        }
    }

    private void insertRow(CertificateRecord c) {
        handle.createUpdate(
                        "INSERT INTO certificates (" + COLUMNS + ") VALUES (:serial, :fingerprint, :region, :kind, "
                                + ":cn, :status, :thing, :claim, :nb, :na, :pem, :created, :changed, :revokedAt, :reason, :deactivateAt, :replacedBy)")
                .bind("serial", c.serial())
                .bind("fingerprint", c.fingerprint())
                .bind("region", c.region())
                .bind("kind", c.kind().name())
                .bind("cn", c.subjectCn())
                .bind("status", c.status().name())
                .bind("thing", c.thingName())
                .bind("claim", c.claimName())
                .bind("nb", Times.millis(c.notBefore()))
                .bind("na", Times.millis(c.notAfter()))
                .bind("pem", c.pem())
                .bind("created", Times.millis(c.createdAt()))
                .bind("changed", Times.millis(c.statusChangedAt()))
                .bind("revokedAt", Times.millis(c.revokedAt()))
                .bind("reason", c.revocationReason())
                .bind("deactivateAt", Times.millis(c.deactivateAt()))
                .bind("replacedBy", c.replacedBy())
                .execute();
    }

    public Optional<CertificateRecord> find(String serial) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM certificates WHERE serial = :serial")
                .bind("serial", serial)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public Optional<CertificateRecord> findByFingerprint(String fingerprint) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM certificates WHERE fingerprint = :fp")
                .bind("fp", fingerprint)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<CertificateRecord> forThing(String thingName) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM certificates WHERE thing_name = :thing ORDER BY created_at")
                .bind("thing", thingName)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    public List<CertificateRecord> revoked(String region) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM certificates WHERE status = 'REVOKED' AND region = :region")
                .bind("region", region)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Streams every certificate of a region (to build the in-memory status index). */
    public void forEach(String region, Consumer<CertificateRecord> consumer) {
        handle.createQuery("SELECT " + COLUMNS + " FROM certificates WHERE region = :region")
                .bind("region", region)
                .map((rs, ctx) -> map(rs))
                .forEach(consumer);
    }

    /** Certificates whose rotation overlap has ended: ACTIVE with a deactivate_at in the past. */
    public List<CertificateRecord> dueForDeactivation(Instant now) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM certificates WHERE status = 'ACTIVE' "
                        + "AND deactivate_at IS NOT NULL AND deactivate_at <= :now")
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /**
     * Changes the status of a certificate that is not REVOKED. Returns false when the certificate does not exist or
     * is already revoked (REVOKED is terminal, enforced here in SQL so that no caller can bypass it).
     */
    public boolean setStatus(String serial, CertificateStatus status, Instant now) {
        if (status == CertificateStatus.REVOKED) {
            throw new IllegalArgumentException("use revoke() to revoke");
        }
        return handle.createUpdate("UPDATE certificates SET status = :status, status_changed_at = :now "
                                + "WHERE serial = :serial AND status <> 'REVOKED'")
                        .bind("status", status.name())
                        .bind("now", now.toEpochMilli())
                        .bind("serial", serial)
                        .execute()
                == 1;
    }

    /** Revokes; returns false when unknown or already revoked. */
    public boolean revoke(String serial, String reason, Instant now) {
        return handle.createUpdate(
                                "UPDATE certificates SET status = 'REVOKED', status_changed_at = :now, revoked_at = :now, "
                                        + "revocation_reason = :reason WHERE serial = :serial AND status <> 'REVOKED'")
                        .bind("now", now.toEpochMilli())
                        .bind("reason", reason)
                        .bind("serial", serial)
                        .execute()
                == 1;
    }

    /** Schedules the end of a rotated certificate's overlap and records its successor. */
    public void scheduleDeactivation(String serial, Instant at, String replacedBy) {
        handle.createUpdate("UPDATE certificates SET deactivate_at = :at, replaced_by = :next WHERE serial = :serial")
                .bind("at", at.toEpochMilli())
                .bind("next", replacedBy)
                .bind("serial", serial)
                .execute();
    }

    /**
     * Attaches a certificate to a thing. A certificate already attached to another thing is refused
     * (AWS IoT flags this as DEVICE_CERTIFICATE_SHARED): one identity, one device.
     */
    public void attach(String serial, String thingName) {
        CertificateRecord c = find(serial)
                .orElseThrow(
                        () -> new StorageException(StorageReason.NOT_FOUND, "certificate " + serial + " not found"));
        if (c.thingName() != null && !c.thingName().equals(thingName)) {
            throw new StorageException(
                    StorageReason.CONFLICT,
                    "DEVICE_CERTIFICATE_SHARED: certificate " + serial + " is already attached to another thing");
        }
        handle.createUpdate("UPDATE certificates SET thing_name = :thing WHERE serial = :serial")
                .bind("thing", thingName)
                .bind("serial", serial)
                .execute();
    }

    public List<CertificateRecord> list(int limit, String after) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM certificates WHERE serial > :after ORDER BY serial LIMIT :limit")
                .bind("after", after == null ? "" : after)
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    private static CertificateRecord map(ResultSet rs) throws SQLException {
        return new CertificateRecord(
                rs.getString("serial"),
                rs.getString("fingerprint"),
                rs.getString("region"),
                CertificateKind.valueOf(rs.getString("kind")),
                rs.getString("subject_cn"),
                CertificateStatus.valueOf(rs.getString("status")),
                rs.getString("thing_name"),
                rs.getString("claim_name"),
                Times.instant(rs, "not_before"),
                Times.instant(rs, "not_after"),
                rs.getString("pem"),
                Times.instant(rs, "created_at"),
                Times.instant(rs, "status_changed_at"),
                Times.instant(rs, "revoked_at"),
                rs.getString("revocation_reason"),
                Times.instant(rs, "deactivate_at"),
                rs.getString("replaced_by"));
    }
}
