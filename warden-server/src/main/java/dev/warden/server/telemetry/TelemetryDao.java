package dev.warden.server.telemetry;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Reads and writes {@code telemetry} and {@code telemetry_keys}. */
final class TelemetryDao {
    private static final String COLUMNS = "id, region, thing, received_at, seq, topic, ciphertext";

    private final Handle handle;

    TelemetryDao(Handle handle) {
        this.handle = handle;
    }

    Optional<String> wrappedKey(String region, String thing) {
        return handle.createQuery("SELECT wrapped_key FROM telemetry_keys WHERE region = :region AND thing = :thing")
                .bind("region", region).bind("thing", thing).mapTo(String.class).findOne();
    }

    void insertKey(String region, String thing, String wrappedKey, long nowMillis) {
        handle.createUpdate("INSERT INTO telemetry_keys (region, thing, wrapped_key, created_at) "
                        + "VALUES (:region, :thing, :wrapped, :now)")
                .bind("region", region).bind("thing", thing).bind("wrapped", wrappedKey).bind("now", nowMillis)
                .execute();
    }

    int deleteKey(String region, String thing) {
        return handle.createUpdate("DELETE FROM telemetry_keys WHERE region = :region AND thing = :thing")
                .bind("region", region).bind("thing", thing).execute();
    }

    void insert(List<StoredTelemetry> rows) {
        PreparedBatch batch = handle.prepareBatch("INSERT INTO telemetry (" + COLUMNS + ") "
                + "VALUES (:id, :region, :thing, :receivedAt, :seq, :topic, :ciphertext)");
        for (StoredTelemetry row : rows) {
            batch.bind("id", row.id()).bind("region", row.region()).bind("thing", row.thing())
                    .bind("receivedAt", row.receivedAtMillis()).bind("seq", row.seq()).bind("topic", row.topic())
                    .bind("ciphertext", row.ciphertextBase64()).add();
        }
        batch.execute();
    }

    /** Rows of {@code thing} received in [{@code fromMillis}, {@code toMillis}), oldest first. */
    List<StoredTelemetry> find(String region, String thing, long fromMillis, long toMillis, int limit) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM telemetry WHERE region = :region AND thing = :thing "
                        + "AND received_at >= :from AND received_at < :to ORDER BY received_at, seq LIMIT :limit")
                .bind("region", region).bind("thing", thing).bind("from", fromMillis).bind("to", toMillis)
                .bind("limit", limit)
                .map((rs, ctx) -> new StoredTelemetry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    int deleteThing(String region, String thing) {
        return handle.createUpdate("DELETE FROM telemetry WHERE region = :region AND thing = :thing")
                .bind("region", region).bind("thing", thing).execute();
    }

    int deleteReceivedBefore(String region, long cutoffMillis) {
        return handle.createUpdate("DELETE FROM telemetry WHERE region = :region AND received_at < :cutoff")
                .bind("region", region).bind("cutoff", cutoffMillis).execute();
    }
}
