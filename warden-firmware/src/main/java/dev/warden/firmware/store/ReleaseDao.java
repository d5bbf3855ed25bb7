package dev.warden.firmware.store;

import dev.warden.firmware.FirmwareRelease;
import dev.warden.tuf.version.FirmwareVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Rows of {@code firmware_releases} for one region. */
public final class ReleaseDao {
    private static final String COLUMNS = "thing_type, version, min_version, length, sha256, sha512, hardware, parts,"
            + " published_at, published_by, revoked_at, revoked_by, revoke_reason";

    private final Handle h;
    private final String region;

    public ReleaseDao(Handle h, String region) {
        this.h = h;
        this.region = region;
    }

    public void insert(FirmwareRelease r) {
        h.createUpdate("INSERT INTO firmware_releases (region, sort_key, " + COLUMNS + ") VALUES (:region, :sortKey,"
                        + " :type, :version, :min, :length, :sha256, :sha512, :hardware, :parts, :at, :by, NULL, NULL,"
                        + " NULL)")
                .bind("region", region)
                .bind("sortKey", r.version().sortKey())
                .bind("type", r.thingType())
                .bind("version", r.version().text())
                .bind("min", r.minVersion().text())
                .bind("length", r.length())
                .bind("sha256", r.sha256())
                .bind("sha512", r.sha512())
                .bind("hardware", String.join(",", r.hardware()))
                .bind("parts", r.parts())
                .bind("at", r.publishedAt().toEpochMilli())
                .bind("by", r.publishedBy())
                .execute();
    }

    /** Marks a release revoked; false when it was not there or already revoked. */
    public boolean revoke(String type, FirmwareVersion version, FirmwareRelease.Revocation how) {
        return h.createUpdate("UPDATE firmware_releases SET revoked_at = :at, revoked_by = :by, revoke_reason = :why"
                                + " WHERE region = :region AND thing_type = :type AND sort_key = :sortKey"
                                + " AND revoked_at IS NULL")
                        .bind("at", how.at().toEpochMilli())
                        .bind("by", how.by())
                        .bind("why", how.reason())
                        .bind("region", region)
                        .bind("type", type)
                        .bind("sortKey", version.sortKey())
                        .execute()
                == 1;
    }

    public Optional<FirmwareRelease> find(String type, FirmwareVersion version) {
        return h.createQuery("SELECT " + COLUMNS + " FROM firmware_releases WHERE region = :region"
                        + " AND thing_type = :type AND sort_key = :sortKey")
                .bind("region", region)
                .bind("type", type)
                .bind("sortKey", version.sortKey())
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    /** Releases of {@code type} (every type when null), newest version first. */
    public List<FirmwareRelease> list(String type) {
        return h.createQuery("SELECT " + COLUMNS + " FROM firmware_releases WHERE region = :region"
                        + (type == null ? "" : " AND thing_type = :type")
                        + " ORDER BY thing_type, sort_key DESC")
                .bind("region", region)
                .bind("type", type)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    /** The thing types that have at least one release. */
    public List<String> thingTypes() {
        return h.createQuery("SELECT DISTINCT thing_type FROM firmware_releases WHERE region = :region"
                        + " ORDER BY thing_type")
                .bind("region", region)
                .mapTo(String.class)
                .list();
    }

    private static FirmwareRelease row(ResultSet rs) throws SQLException {
        long revokedAt = rs.getLong("revoked_at");
        Optional<FirmwareRelease.Revocation> revocation = rs.wasNull()
                ? Optional.empty()
                : Optional.of(new FirmwareRelease.Revocation(
                        Instant.ofEpochMilli(revokedAt), rs.getString("revoked_by"), rs.getString("revoke_reason")));
        String hardware = rs.getString("hardware");
        return new FirmwareRelease(
                rs.getString("thing_type"),
                FirmwareVersion.parse(rs.getString("version")),
                FirmwareVersion.parse(rs.getString("min_version")),
                rs.getLong("length"),
                rs.getString("sha256"),
                rs.getString("sha512"),
                hardware.isEmpty() ? List.of() : Arrays.asList(hardware.split(",")),
                rs.getInt("parts"),
                Instant.ofEpochMilli(rs.getLong("published_at")),
                rs.getString("published_by"),
                revocation);
    }
}
