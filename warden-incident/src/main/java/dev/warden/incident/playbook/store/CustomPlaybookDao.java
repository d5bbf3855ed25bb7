package dev.warden.incident.playbook.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code incident_playbooks}: an operator's playbooks as written, one version current. */
public final class CustomPlaybookDao {
    /** A stored playbook: its document and which version of it this is. */
    public record Stored(String name, String source, int version, Instant updatedAt, String updatedBy) {}

    private final Handle handle;

    public CustomPlaybookDao(Handle handle) {
        this.handle = handle;
    }

    /** Stores {@code source} as the playbook's next version; returns it. */
    public Stored put(String name, String source, Instant at, String by) {
        int version = handle.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM incident_playbooks WHERE name = :n")
                .bind("n", name)
                .mapTo(Integer.class)
                .one();
        handle.createUpdate("DELETE FROM incident_playbooks WHERE name = :n")
                .bind("n", name)
                .execute();
        handle.createUpdate("INSERT INTO incident_playbooks (name, source, version, updated_at, updated_by)"
                        + " VALUES (:n, :s, :v, :at, :by)")
                .bind("n", name)
                .bind("s", source)
                .bind("v", version)
                .bind("at", at.toEpochMilli())
                .bind("by", by)
                .execute();
        return new Stored(name, source, version, at, by);
    }

    public List<Stored> list() {
        return handle.createQuery("SELECT name, source, version, updated_at, updated_by FROM incident_playbooks"
                        + " ORDER BY name")
                .map((rs, ctx) -> new Stored(
                        rs.getString("name"),
                        rs.getString("source"),
                        rs.getInt("version"),
                        Instant.ofEpochMilli(rs.getLong("updated_at")),
                        rs.getString("updated_by")))
                .list();
    }
}
