package dev.warden.incident.store;

import dev.warden.incident.core.Task;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code incident_tasks}; a task's id counts from 1 within its incident. */
public final class TaskDao {
    private final Handle handle;

    public TaskDao(Handle handle) {
        this.handle = handle;
    }

    public Task insert(long incidentId, String title, String owner, Optional<Instant> dueAt, Instant at) {
        long id = handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM incident_tasks WHERE incident_id = :i")
                .bind("i", incidentId)
                .mapTo(Long.class)
                .one();
        handle.createUpdate("INSERT INTO incident_tasks (incident_id, id, title, owner, due_at, done, created_at,"
                        + " done_at) VALUES (:i, :id, :title, :owner, :due, 0, :at, NULL)")
                .bind("i", incidentId)
                .bind("id", id)
                .bind("title", title)
                .bind("owner", owner)
                .bind("due", IncidentDao.millis(dueAt))
                .bind("at", at.toEpochMilli())
                .execute();
        return new Task(incidentId, id, title, owner, dueAt, false, at, Optional.empty());
    }

    public boolean markDone(long incidentId, long id, Instant at) {
        return handle.createUpdate("UPDATE incident_tasks SET done = 1, done_at = :at WHERE incident_id = :i"
                                + " AND id = :id AND done = 0")
                        .bind("i", incidentId)
                        .bind("id", id)
                        .bind("at", at.toEpochMilli())
                        .execute()
                > 0;
    }

    public Optional<Task> find(long incidentId, long id) {
        return list(incidentId).stream().filter(t -> t.id() == id).findFirst();
    }

    public List<Task> list(long incidentId) {
        return handle.createQuery("SELECT incident_id, id, title, owner, due_at, done, created_at, done_at"
                        + " FROM incident_tasks WHERE incident_id = :i ORDER BY id")
                .bind("i", incidentId)
                .map((rs, ctx) -> new Task(
                        rs.getLong("incident_id"),
                        rs.getLong("id"),
                        rs.getString("title"),
                        rs.getString("owner"),
                        IncidentDao.instant(rs, "due_at"),
                        rs.getInt("done") == 1,
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        IncidentDao.instant(rs, "done_at")))
                .list();
    }
}
