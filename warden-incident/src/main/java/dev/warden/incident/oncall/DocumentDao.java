package dev.warden.incident.oncall;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@code oncall_schedules} or {@code oncall_escalation_policies} (same shape), on one handle. */
final class DocumentDao {
    static final String SCHEDULES = "oncall_schedules";
    static final String POLICIES = "oncall_escalation_policies";

    private final Handle handle;
    private final String table;

    DocumentDao(Handle handle, String table) {
        if (!table.equals(SCHEDULES) && !table.equals(POLICIES)) {
            throw new IllegalArgumentException("unknown table");
        }
        this.handle = handle;
        this.table = table;
    }

    Optional<StoredDocument> find(String name) {
        return handle.createQuery(
                        "SELECT name, document, version, updated_at, updated_by FROM " + table + " WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    List<StoredDocument> all() {
        return handle.createQuery(
                        "SELECT name, document, version, updated_at, updated_by FROM " + table + " ORDER BY name")
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** Inserts version 1 or replaces the document with the next version; returns what is stored now. */
    StoredDocument put(String name, String document, Instant at, String by) {
        Optional<StoredDocument> old = find(name);
        if (old.isEmpty()) {
            long id = handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)
                    .mapTo(Long.class)
                    .one();
            handle.createUpdate("INSERT INTO " + table + " (id, name, document, version, updated_at, updated_by)"
                            + " VALUES (:id, :name, :doc, 1, :at, :by)")
                    .bind("id", id)
                    .bind("name", name)
                    .bind("doc", document)
                    .bind("at", at.toEpochMilli())
                    .bind("by", by)
                    .execute();
            return new StoredDocument(name, document, 1, at, by);
        }
        int version = old.get().version() + 1;
        handle.createUpdate("UPDATE " + table + " SET document = :doc, version = :v, updated_at = :at,"
                        + " updated_by = :by WHERE name = :name")
                .bind("doc", document)
                .bind("v", version)
                .bind("at", at.toEpochMilli())
                .bind("by", by)
                .bind("name", name)
                .execute();
        return new StoredDocument(name, document, version, at, by);
    }

    boolean delete(String name) {
        return handle.createUpdate("DELETE FROM " + table + " WHERE name = :name")
                        .bind("name", name)
                        .execute()
                > 0;
    }

    private static StoredDocument map(ResultSet rs) throws SQLException {
        return new StoredDocument(
                rs.getString("name"),
                rs.getString("document"),
                rs.getInt("version"),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getString("updated_by"));
    }
}
