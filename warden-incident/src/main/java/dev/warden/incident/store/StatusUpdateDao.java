package dev.warden.incident.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code incident_status_updates}. */
public final class StatusUpdateDao {
    private static final String COLUMNS =
            "id, incident_id, public_title, status, message, services, regions, posted_by, posted_at";
    private final Handle handle;

    public StatusUpdateDao(Handle handle) {
        this.handle = handle;
    }

    public StatusUpdate insert(StatusUpdate u) {
        long id = handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM incident_status_updates")
                .mapTo(Long.class)
                .one();
        handle.createUpdate("INSERT INTO incident_status_updates (" + COLUMNS + ") VALUES (:id, :incident, :title,"
                        + " :status, :message, :services, :regions, :by, :at)")
                .bind("id", id)
                .bind("incident", u.incidentId())
                .bind("title", u.publicTitle())
                .bind("status", u.status())
                .bind("message", u.message())
                .bind("services", String.join(",", u.services()))
                .bind("regions", String.join(",", u.regions()))
                .bind("by", u.postedBy())
                .bind("at", u.postedAt().toEpochMilli())
                .execute();
        return new StatusUpdate(
                id,
                u.incidentId(),
                u.publicTitle(),
                u.status(),
                u.message(),
                u.services(),
                u.regions(),
                u.postedBy(),
                u.postedAt());
    }

    public List<StatusUpdate> forIncident(long incidentId) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM incident_status_updates WHERE incident_id = :i" + " ORDER BY id")
                .bind("i", incidentId)
                .map((rs, ctx) -> new StatusUpdate(
                        rs.getLong("id"),
                        rs.getLong("incident_id"),
                        rs.getString("public_title"),
                        rs.getString("status"),
                        rs.getString("message"),
                        split(rs.getString("services")),
                        split(rs.getString("regions")),
                        rs.getString("posted_by"),
                        Instant.ofEpochMilli(rs.getLong("posted_at"))))
                .list();
    }

    /** Updates posted since {@code since}, newest incident first (the status page shows the last days). */
    public List<Long> incidentsUpdatedSince(Instant since) {
        return handle.createQuery("SELECT DISTINCT incident_id FROM incident_status_updates WHERE posted_at >= :s"
                        + " ORDER BY incident_id DESC")
                .bind("s", since.toEpochMilli())
                .mapTo(Long.class)
                .list();
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split(","));
    }
}
