package dev.warden.telemetry;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Reads and writes {@code telemetry_segments}, {@code telemetry_keys} and the legacy rows of {@code telemetry}. */
final class TelemetryDao {
    private static final String SEGMENT_COLUMNS =
            "id, region, thing, first_at, last_at, messages, ciphertext, sealed_entries";
    private static final String LEGACY_COLUMNS = "id, region, thing, received_at, seq, topic, ciphertext";

    private final Handle handle;

    TelemetryDao(Handle handle) {
        this.handle = handle;
    }

    Optional<String> wrappedKey(String region, String thing) {
        return handle.createQuery("SELECT wrapped_key FROM telemetry_keys WHERE region = :region AND thing = :thing")
                .bind("region", region)
                .bind("thing", thing)
                .mapTo(String.class)
                .findOne();
    }

    void insertKey(String region, String thing, String wrappedKey, long nowMillis) {
        handle.createUpdate("INSERT INTO telemetry_keys (region, thing, wrapped_key, created_at) "
                        + "VALUES (:region, :thing, :wrapped, :now)")
                .bind("region", region)
                .bind("thing", thing)
                .bind("wrapped", wrappedKey)
                .bind("now", nowMillis)
                .execute();
    }

    int deleteKey(String region, String thing) {
        return handle.createUpdate("DELETE FROM telemetry_keys WHERE region = :region AND thing = :thing")
                .bind("region", region)
                .bind("thing", thing)
                .execute();
    }

    void insert(List<TelemetrySegment> segments) {
        PreparedBatch batch = handle.prepareBatch("INSERT INTO telemetry_segments (" + SEGMENT_COLUMNS + ") "
                + "VALUES (:id, :region, :thing, :firstAt, :lastAt, :messages, :ciphertext, :sealedEntries)");
        for (TelemetrySegment s : segments) {
            batch.bind("id", s.id())
                    .bind("region", s.region())
                    .bind("thing", s.thing())
                    .bind("firstAt", s.firstAtMillis())
                    .bind("lastAt", s.lastAtMillis())
                    .bind("messages", s.messages())
                    .bind("ciphertext", s.ciphertext())
                    .bind("sealedEntries", s.sealedEntries())
                    .add();
        }
        batch.execute();
    }

    /** Segments of {@code thing} that start in [{@code fromMillis}, {@code toMillis}), oldest first, one page. */
    List<TelemetrySegment> segmentsStarting(
            String region, String thing, long fromMillis, long toMillis, int limit, int offset) {
        return handle.createQuery("SELECT " + SEGMENT_COLUMNS + " FROM telemetry_segments WHERE region = :region "
                        + "AND thing = :thing AND first_at >= :from AND first_at < :to ORDER BY first_at, id "
                        + "LIMIT :limit OFFSET :offset")
                .bind("region", region)
                .bind("thing", thing)
                .bind("from", fromMillis)
                .bind("to", toMillis)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> new TelemetrySegment(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getInt(6),
                        rs.getBytes(7),
                        rs.getString(8)))
                .list();
    }

    /** Legacy rows of {@code thing} received in [{@code fromMillis}, {@code toMillis}), oldest first. */
    List<LegacyTelemetryRow> legacyRows(String region, String thing, long fromMillis, long toMillis, int limit) {
        return handle.createQuery("SELECT " + LEGACY_COLUMNS + " FROM telemetry WHERE region = :region "
                        + "AND thing = :thing AND received_at >= :from AND received_at < :to "
                        + "ORDER BY received_at, seq LIMIT :limit")
                .bind("region", region)
                .bind("thing", thing)
                .bind("from", fromMillis)
                .bind("to", toMillis)
                .bind("limit", limit)
                .map((rs, ctx) -> new LegacyTelemetryRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getString(7)))
                .list();
    }

    /** Things of this region whose name starts with {@code prefix}, in order. */
    List<String> thingsStartingWith(String region, String prefix) {
        return handle.createQuery("SELECT DISTINCT thing FROM telemetry_segments WHERE region = :region "
                        + "AND substr(thing, 1, :length) = :prefix ORDER BY thing")
                .bind("region", region)
                .bind("length", prefix.length())
                .bind("prefix", prefix)
                .mapTo(String.class)
                .list();
    }

    /** Deletes the segments {@code ids} of {@code thing}; returns how many messages they held. */
    int deleteSegments(String region, String thing, List<String> ids) {
        int messages = 0;
        for (String id : ids) {
            messages += handle.createQuery("SELECT COALESCE(SUM(messages), 0) FROM telemetry_segments "
                            + "WHERE region = :region AND thing = :thing AND id = :id")
                    .bind("region", region)
                    .bind("thing", thing)
                    .bind("id", id)
                    .mapTo(Integer.class)
                    .one();
            handle.createUpdate("DELETE FROM telemetry_segments WHERE region = :region AND thing = :thing AND id = :id")
                    .bind("region", region)
                    .bind("thing", thing)
                    .bind("id", id)
                    .execute();
        }
        return messages;
    }

    /** Deletes every stored message of {@code thing}; returns how many. */
    int deleteThing(String region, String thing) {
        String where = " WHERE region = :region AND thing = :thing";
        int messages = handle.createQuery("SELECT COALESCE(SUM(messages), 0) FROM telemetry_segments" + where)
                .bind("region", region)
                .bind("thing", thing)
                .mapTo(Integer.class)
                .one();
        handle.createUpdate("DELETE FROM telemetry_segments" + where)
                .bind("region", region)
                .bind("thing", thing)
                .execute();
        return messages
                + handle.createUpdate("DELETE FROM telemetry" + where)
                        .bind("region", region)
                        .bind("thing", thing)
                        .execute();
    }

    /** Deletes segments whose every message is older than {@code cutoffMillis}, and such legacy rows; returns how many messages. */
    int deleteReceivedBefore(String region, long cutoffMillis) {
        String where = " WHERE region = :region AND last_at < :cutoff";
        int messages = handle.createQuery("SELECT COALESCE(SUM(messages), 0) FROM telemetry_segments" + where)
                .bind("region", region)
                .bind("cutoff", cutoffMillis)
                .mapTo(Integer.class)
                .one();
        handle.createUpdate("DELETE FROM telemetry_segments" + where)
                .bind("region", region)
                .bind("cutoff", cutoffMillis)
                .execute();
        return messages
                + handle.createUpdate("DELETE FROM telemetry WHERE region = :region AND received_at < :cutoff")
                        .bind("region", region)
                        .bind("cutoff", cutoffMillis)
                        .execute();
    }
}
