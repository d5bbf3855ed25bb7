package dev.warden.telemetry.sessions;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code mqtt_retained}; ciphertexts are base64 text. */
final class RetainedDao {
    /** A retained message as stored: its random id, the thing that published it, and the sealed message. */
    record RetainedRow(String id, String thing, String message) {}

    private final Handle handle;
    private final String region;

    RetainedDao(Handle handle, String region) {
        this.handle = handle;
        this.region = region;
    }

    void insert(RetainedRow row, long nowMillis) {
        handle.createUpdate("INSERT INTO mqtt_retained (region, id, thing, message, stored_at) "
                        + "VALUES (:region, :id, :thing, :message, :now)")
                .bind("region", region)
                .bind("id", row.id())
                .bind("thing", row.thing())
                .bind("message", row.message())
                .bind("now", nowMillis)
                .execute();
    }

    void delete(String id) {
        handle.createUpdate("DELETE FROM mqtt_retained WHERE region = :region AND id = :id")
                .bind("region", region)
                .bind("id", id)
                .execute();
    }

    /** Every retained message of the region, oldest first. */
    List<RetainedRow> all() {
        return handle.createQuery("SELECT id, thing, message FROM mqtt_retained WHERE region = :region "
                        + "ORDER BY stored_at, id")
                .bind("region", region)
                .map((rs, ctx) -> new RetainedRow(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Deletes every retained message the thing published; returns how many. */
    int deleteThing(String thing) {
        return handle.createUpdate("DELETE FROM mqtt_retained WHERE region = :region AND thing = :thing")
                .bind("region", region)
                .bind("thing", thing)
                .execute();
    }

    int countThing(String thing) {
        return handle.createQuery("SELECT COUNT(*) FROM mqtt_retained WHERE region = :region AND thing = :thing")
                .bind("region", region)
                .bind("thing", thing)
                .mapTo(Integer.class)
                .one();
    }
}
