package dev.warden.compliance.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * What the checks keep from the audit trail between runs: {@code compliance_usage} (when each credential was first
 * and last used), {@code compliance_takeovers} (recent session take-overs) and {@code compliance_state} (how far the trail was
 * read and verified). Keeping them lets each run read only the events recorded since the last one.
 */
public final class TrailDao {
    private final Handle handle;

    public TrailDao(Handle handle) {
        this.handle = handle;
    }

    /** A session take-over as the trail recorded it (either side may be unknown). */
    public record TakeoverRow(
            long seq,
            Instant at,
            String clientId,
            String thing,
            String serial,
            String sourceIp,
            String previousThing,
            String previousSerial,
            String previousSourceIp) {}

    /**
     * Widens each credential's known use to the given span (first, last): the first use is never raised, the last
     * never lowered. Keys are {@code kind/id}.
     */
    public void recordUse(Map<String, Instant[]> spans) {
        if (spans.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO compliance_usage (kind, id, first_used, last_used)"
                + " VALUES (:kind, :id, :first, :last) ON CONFLICT (kind, id) DO UPDATE SET"
                + " first_used = CASE WHEN excluded.first_used < compliance_usage.first_used"
                + " THEN excluded.first_used ELSE compliance_usage.first_used END,"
                + " last_used = CASE WHEN excluded.last_used > compliance_usage.last_used"
                + " THEN excluded.last_used ELSE compliance_usage.last_used END");
        spans.forEach((key, span) -> {
            int slash = key.indexOf('/');
            batch.bind("kind", key.substring(0, slash))
                    .bind("id", key.substring(slash + 1))
                    .bind("first", span[0].toEpochMilli())
                    .bind("last", span[1].toEpochMilli())
                    .add();
        });
        batch.execute();
    }

    /** Every credential's known use, keyed {@code kind/id}: {first, last}. */
    public Map<String, Instant[]> usage() {
        Map<String, Instant[]> out = new HashMap<>();
        handle.createQuery("SELECT kind, id, first_used, last_used FROM compliance_usage")
                .map((rs, ctx) -> Map.entry(rs.getString("kind") + "/" + rs.getString("id"), new Instant[] {
                    Instant.ofEpochMilli(rs.getLong("first_used")), Instant.ofEpochMilli(rs.getLong("last_used"))
                }))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public void insertTakeovers(List<TakeoverRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO compliance_takeovers (seq, taken_at, client_id, thing,"
                + " serial, source_ip, previous_thing, previous_serial, previous_source_ip) VALUES (:seq, :at,"
                + " :client, :thing, :serial, :ip, :pthing, :pserial, :pip)");
        for (TakeoverRow r : rows) {
            batch.bind("seq", r.seq())
                    .bind("at", r.at().toEpochMilli())
                    .bind("client", r.clientId())
                    .bind("thing", r.thing())
                    .bind("serial", r.serial())
                    .bind("ip", r.sourceIp())
                    .bind("pthing", r.previousThing())
                    .bind("pserial", r.previousSerial())
                    .bind("pip", r.previousSourceIp())
                    .add();
        }
        batch.execute();
    }

    /** Take-overs at or after {@code since}, oldest first. */
    public List<TakeoverRow> takeoversSince(Instant since) {
        return handle.createQuery("SELECT seq, taken_at, client_id, thing, serial, source_ip, previous_thing,"
                        + " previous_serial, previous_source_ip FROM compliance_takeovers WHERE taken_at >= :since"
                        + " ORDER BY seq")
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> new TakeoverRow(
                        rs.getLong("seq"),
                        Instant.ofEpochMilli(rs.getLong("taken_at")),
                        rs.getString("client_id"),
                        rs.getString("thing"),
                        rs.getString("serial"),
                        rs.getString("source_ip"),
                        rs.getString("previous_thing"),
                        rs.getString("previous_serial"),
                        rs.getString("previous_source_ip")))
                .list();
    }

    /** Forgets take-overs older than the window the checks look at. */
    public int deleteTakeoversBefore(Instant before) {
        return handle.createUpdate("DELETE FROM compliance_takeovers WHERE taken_at < :before")
                .bind("before", before.toEpochMilli())
                .execute();
    }

    public Optional<Long> state(String name) {
        return handle.createQuery("SELECT value FROM compliance_state WHERE name = :name")
                .bind("name", name)
                .mapTo(Long.class)
                .findOne();
    }

    public void setState(String name, long value) {
        handle.createUpdate("INSERT INTO compliance_state (name, value) VALUES (:name, :value)"
                        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .bind("name", name)
                .bind("value", value)
                .execute();
    }
}
