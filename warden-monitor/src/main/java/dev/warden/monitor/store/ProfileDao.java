package dev.warden.monitor.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code monitor_profiles}: the current version of each profile. */
public final class ProfileDao {
    private static final String COLUMNS =
            "name, document, version, built_in, created_at, created_by, updated_at, updated_by";

    private final Handle handle;

    public ProfileDao(Handle handle) {
        this.handle = handle;
    }

    public Optional<StoredProfile> find(String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_profiles WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> profile(rs))
                .findOne();
    }

    public List<StoredProfile> list() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM monitor_profiles ORDER BY name")
                .map((rs, ctx) -> profile(rs))
                .list();
    }

    public void insert(StoredProfile p) {
        handle.createUpdate("INSERT INTO monitor_profiles (" + COLUMNS
                        + ") VALUES (:name, :document, :version, :builtIn, :createdAt, :createdBy, :updatedAt,"
                        + " :updatedBy)")
                .bind("name", p.name())
                .bind("document", p.document())
                .bind("version", p.version())
                .bind("builtIn", p.builtIn() ? 1 : 0)
                .bind("createdAt", p.createdAt().toEpochMilli())
                .bind("createdBy", p.createdBy())
                .bind("updatedAt", p.updatedAt().toEpochMilli())
                .bind("updatedBy", p.updatedBy())
                .execute();
    }

    /**
     * Replaces the document if the stored version is still {@code expectedVersion}; returns false (and changes
     * nothing) when another change came first.
     */
    public boolean update(String name, long expectedVersion, String document, long version, Instant at, String by) {
        return handle.createUpdate("UPDATE monitor_profiles SET document = :document, version = :version,"
                                + " updated_at = :at, updated_by = :by WHERE name = :name AND version = :expected")
                        .bind("document", document)
                        .bind("version", version)
                        .bind("at", at.toEpochMilli())
                        .bind("by", by)
                        .bind("name", name)
                        .bind("expected", expectedVersion)
                        .execute()
                == 1;
    }

    public boolean delete(String name) {
        return handle.createUpdate("DELETE FROM monitor_profiles WHERE name = :name")
                        .bind("name", name)
                        .execute()
                > 0;
    }

    private static StoredProfile profile(ResultSet rs) throws SQLException {
        return new StoredProfile(
                rs.getString("name"),
                rs.getString("document"),
                rs.getLong("version"),
                rs.getInt("built_in") == 1,
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getString("updated_by"));
    }
}
