package dev.warden.monitor.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code monitor_profile_versions}: every version of every profile, never updated. */
public final class ProfileVersionDao {
    private static final String COLUMNS = "name, version, document, change, changed_by, changed_at";

    private final Handle handle;

    public ProfileVersionDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(ProfileVersion v) {
        handle.createUpdate("INSERT INTO monitor_profile_versions (" + COLUMNS
                        + ") VALUES (:name, :version, :document, :change, :by, :at)")
                .bind("name", v.name())
                .bind("version", v.version())
                .bind("document", v.document())
                .bind("change", v.change().id())
                .bind("by", v.changedBy())
                .bind("at", v.changedAt().toEpochMilli())
                .execute();
    }

    public Optional<ProfileVersion> find(String name, long version) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM monitor_profile_versions WHERE name = :name AND version = :v")
                .bind("name", name)
                .bind("v", version)
                .map((rs, ctx) -> version(rs))
                .findOne();
    }

    /** Oldest first. */
    public List<ProfileVersion> list(String name) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM monitor_profile_versions WHERE name = :name ORDER BY version")
                .bind("name", name)
                .map((rs, ctx) -> version(rs))
                .list();
    }

    /** The highest version ever stored under {@code name}, 0 when none: a re-created profile continues from it. */
    public long latest(String name) {
        return handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM monitor_profile_versions WHERE name = :name")
                .bind("name", name)
                .mapTo(Long.class)
                .one();
    }

    private static ProfileVersion version(ResultSet rs) throws SQLException {
        return new ProfileVersion(
                rs.getString("name"),
                rs.getLong("version"),
                rs.getString("document"),
                ProfileChange.byId(rs.getString("change")),
                rs.getString("changed_by"),
                Instant.ofEpochMilli(rs.getLong("changed_at")));
    }
}
