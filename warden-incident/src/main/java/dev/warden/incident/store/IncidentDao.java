package dev.warden.incident.store;

import dev.warden.incident.core.Deadline;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.Member;
import dev.warden.incident.core.Phase;
import dev.warden.incident.core.Severity;
import dev.warden.incident.core.Source;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code incidents} with their clocks ({@code incident_deadlines}) and members. */
public final class IncidentDao {
    private static final String COLUMNS = "id, title, severity, phase, source_kind, source_ref, playbook, commander,"
            + " cra, started_at, detected_at, acknowledged_at, contained_at, opened_by";

    private final Handle handle;

    public IncidentDao(Handle handle) {
        this.handle = handle;
    }

    public long nextId() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM incidents")
                .mapTo(Long.class)
                .one();
    }

    public void insert(Incident i, Instant at) {
        handle.createUpdate("INSERT INTO incidents (" + COLUMNS + ", updated_at) VALUES (:id, :title, :severity,"
                        + " :phase, :sourceKind, :sourceRef, :playbook, :commander, :cra, :startedAt, :detectedAt,"
                        + " :acknowledgedAt, :containedAt, :openedBy, :at)")
                .bind("id", i.id())
                .bind("title", i.title())
                .bind("severity", i.severity().id())
                .bind("phase", i.phase().id())
                .bind("sourceKind", i.source().kind().id())
                .bind("sourceRef", i.source().ref())
                .bind("playbook", i.playbook().orElse(null))
                .bind("commander", i.commander().orElse(null))
                .bind("cra", i.cra() ? 1 : 0)
                .bind("startedAt", i.startedAt().toEpochMilli())
                .bind("detectedAt", i.detectedAt().toEpochMilli())
                .bind("acknowledgedAt", millis(i.acknowledgedAt()))
                .bind("containedAt", millis(i.containedAt()))
                .bind("openedBy", i.openedBy())
                .bind("at", at.toEpochMilli())
                .execute();
        for (Deadline d : i.deadlines()) {
            insertDeadline(i.id(), d);
        }
        for (Member m : i.members()) {
            addMember(i.id(), m);
        }
    }

    /** Writes what may change after opening: phase, severity, commander, acknowledgement, containment, clocks. */
    public void update(Incident i, Instant at) {
        handle.createUpdate("UPDATE incidents SET phase = :phase, severity = :severity, commander = :commander,"
                        + " playbook = :playbook, acknowledged_at = :acknowledgedAt, contained_at = :containedAt,"
                        + " updated_at = :at WHERE id = :id")
                .bind("id", i.id())
                .bind("phase", i.phase().id())
                .bind("severity", i.severity().id())
                .bind("commander", i.commander().orElse(null))
                .bind("playbook", i.playbook().orElse(null))
                .bind("acknowledgedAt", millis(i.acknowledgedAt()))
                .bind("containedAt", millis(i.containedAt()))
                .bind("at", at.toEpochMilli())
                .execute();
        for (Deadline d : i.deadlines()) {
            handle.createUpdate("UPDATE incident_deadlines SET reached_at = :reached, warned_at = :warned,"
                            + " breached_at = :breached WHERE incident_id = :id AND clock = :clock")
                    .bind("id", i.id())
                    .bind("clock", d.clock())
                    .bind("reached", millis(d.reachedAt()))
                    .bind("warned", millis(d.warnedAt()))
                    .bind("breached", millis(d.breachedAt()))
                    .execute();
        }
    }

    /** Adds a member; false if the incident had it already. */
    public boolean addMember(long incidentId, Member m) {
        int n = handle.createUpdate("INSERT INTO incident_members (incident_id, kind, value) SELECT :id, :kind, :value"
                        + " WHERE NOT EXISTS (SELECT 1 FROM incident_members WHERE incident_id = :id AND kind = :kind"
                        + " AND value = :value)")
                .bind("id", incidentId)
                .bind("kind", m.kind().id())
                .bind("value", m.value())
                .execute();
        return n > 0;
    }

    public Optional<Incident> find(long id) {
        return list("WHERE id = :id", Map.of("id", id), 1).stream().findFirst();
    }

    /** Incidents, newest first; {@code openOnly} leaves out closed and reviewed ones. */
    public List<Incident> list(boolean openOnly, long beforeId, int limit) {
        String where = "WHERE id < :before" + (openOnly ? " AND phase NOT IN ('closed', 'reviewed')" : "");
        return list(where, Map.of("before", beforeId), limit);
    }

    /** The open incident opened from {@code source}, if there is one (an alarm opens at most one). */
    public Optional<Incident> openFrom(Source source) {
        return list(
                        "WHERE source_kind = :kind AND source_ref = :ref AND phase NOT IN ('closed', 'reviewed')",
                        Map.of("kind", source.kind().id(), "ref", source.ref()),
                        1)
                .stream()
                .findFirst();
    }

    /** Every incident whose clocks still owe something (open, or closed with an unreached post-mortem clock). */
    public List<Incident> withPendingClocks() {
        return list(
                "WHERE id IN (SELECT incident_id FROM incident_deadlines WHERE reached_at IS NULL"
                        + " AND breached_at IS NULL)",
                Map.of(),
                100_000);
    }

    /** Open incidents by severity, incidents ever opened and contained, clocks ever breached: one query each. */
    public dev.warden.incident.service.IncidentCounts counts() {
        Map<Severity, Long> open = new java.util.EnumMap<>(Severity.class);
        handle.createQuery("SELECT severity, COUNT(*) AS n FROM incidents WHERE phase NOT IN ('closed', 'reviewed')"
                        + " GROUP BY severity")
                .map((rs, ctx) -> Map.entry(Severity.parse(rs.getString("severity")), rs.getLong("n")))
                .forEach(e -> open.put(e.getKey(), e.getValue()));
        long opened = handle.createQuery("SELECT COUNT(*) FROM incidents")
                .mapTo(Long.class)
                .one();
        long contained = handle.createQuery("SELECT COUNT(*) FROM incidents WHERE contained_at IS NOT NULL")
                .mapTo(Long.class)
                .one();
        long breaches = handle.createQuery("SELECT COUNT(*) FROM incident_deadlines WHERE breached_at IS NOT NULL"
                        + " OR (reached_at IS NOT NULL AND reached_at > due_at)")
                .mapTo(Long.class)
                .one();
        return new dev.warden.incident.service.IncidentCounts(open, opened, contained, breaches);
    }

    public List<Incident> detectedBetween(Instant from, Instant to) {
        return list(
                "WHERE detected_at >= :from AND detected_at < :to",
                Map.of("from", from.toEpochMilli(), "to", to.toEpochMilli()),
                100_000);
    }

    private List<Incident> list(String where, Map<String, Object> binds, int limit) {
        List<Incident> bare = handle.createQuery(
                        "SELECT " + COLUMNS + " FROM incidents " + where + " ORDER BY id DESC LIMIT " + limit)
                .bindMap(binds)
                .map((rs, ctx) -> row(rs))
                .list();
        List<Incident> out = new ArrayList<>(bare.size());
        for (Incident i : bare) {
            out.add(new Incident(
                    i.id(),
                    i.title(),
                    i.severity(),
                    i.phase(),
                    i.source(),
                    i.playbook(),
                    i.commander(),
                    i.cra(),
                    i.startedAt(),
                    i.detectedAt(),
                    i.acknowledgedAt(),
                    i.containedAt(),
                    i.openedBy(),
                    deadlines(i.id()),
                    members(i.id())));
        }
        return out;
    }

    private List<Deadline> deadlines(long id) {
        return handle.createQuery("SELECT clock, phase, due_at, warn_at, reached_at, warned_at, breached_at"
                        + " FROM incident_deadlines WHERE incident_id = :id ORDER BY due_at, clock")
                .bind("id", id)
                .map((rs, ctx) -> new Deadline(
                        rs.getString("clock"),
                        Optional.ofNullable(rs.getString("phase")).map(Phase::parse),
                        Instant.ofEpochMilli(rs.getLong("due_at")),
                        Instant.ofEpochMilli(rs.getLong("warn_at")),
                        instant(rs, "reached_at"),
                        instant(rs, "warned_at"),
                        instant(rs, "breached_at")))
                .list();
    }

    private List<Member> members(long id) {
        Map<String, Member> ordered = new LinkedHashMap<>();
        handle.createQuery("SELECT kind, value FROM incident_members WHERE incident_id = :id ORDER BY kind, value")
                .bind("id", id)
                .map((rs, ctx) -> new Member(Member.Kind.parse(rs.getString("kind")), rs.getString("value")))
                .forEach(m -> ordered.put(m.kind().id() + "\u0000" + m.value(), m));
        return List.copyOf(ordered.values());
    }

    private void insertDeadline(long id, Deadline d) {
        handle.createUpdate("INSERT INTO incident_deadlines (incident_id, clock, phase, due_at, warn_at, reached_at,"
                        + " warned_at, breached_at) VALUES (:id, :clock, :phase, :due, :warn, :reached, :warned,"
                        + " :breached)")
                .bind("id", id)
                .bind("clock", d.clock())
                .bind("phase", d.phase().map(Phase::id).orElse(null))
                .bind("due", d.dueAt().toEpochMilli())
                .bind("warn", d.warnAt().toEpochMilli())
                .bind("reached", millis(d.reachedAt()))
                .bind("warned", millis(d.warnedAt()))
                .bind("breached", millis(d.breachedAt()))
                .execute();
    }

    private static Incident row(ResultSet rs) throws SQLException {
        return new Incident(
                rs.getLong("id"),
                rs.getString("title"),
                Severity.parse(rs.getString("severity")),
                Phase.parse(rs.getString("phase")),
                new Source(Source.Kind.parse(rs.getString("source_kind")), rs.getString("source_ref")),
                Optional.ofNullable(rs.getString("playbook")),
                Optional.ofNullable(rs.getString("commander")),
                rs.getInt("cra") == 1,
                Instant.ofEpochMilli(rs.getLong("started_at")),
                Instant.ofEpochMilli(rs.getLong("detected_at")),
                instant(rs, "acknowledged_at"),
                instant(rs, "contained_at"),
                rs.getString("opened_by"),
                List.of(),
                List.of());
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    static Long millis(Optional<Instant> at) {
        return at.map(Instant::toEpochMilli).orElse(null);
    }
}
