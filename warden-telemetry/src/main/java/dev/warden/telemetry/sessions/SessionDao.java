package dev.warden.telemetry.sessions;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Reads and writes {@code mqtt_sessions}, {@code mqtt_session_messages} and {@code mqtt_session_wills}; ciphertexts
 * are base64 text.
 */
final class SessionDao {
    /** A session row as stored. */
    record SessionRow(
            String clientId, String thing, long expirySeconds, long disconnectedAtMillis, String subscriptions) {}

    /** A held message as stored. */
    record MessageRow(String clientId, long seq, String thing, int packetId, boolean released, String message) {}

    /** A pending will as stored. */
    record WillRow(String clientId, String thing, long dueAtMillis, String will) {}

    private final Handle handle;
    private final String region;

    SessionDao(Handle handle, String region) {
        this.handle = handle;
        this.region = region;
    }

    void upsertSession(SessionRow row, long nowMillis) {
        int updated = handle.createUpdate("UPDATE mqtt_sessions SET thing = :thing, expiry_seconds = :expiry, "
                        + "disconnected_at = :disconnected, subscriptions = :subscriptions, updated_at = :now "
                        + "WHERE region = :region AND client_id = :client")
                .bind("region", region)
                .bind("client", row.clientId())
                .bind("thing", row.thing())
                .bind("expiry", row.expirySeconds())
                .bind("disconnected", row.disconnectedAtMillis())
                .bind("subscriptions", row.subscriptions())
                .bind("now", nowMillis)
                .execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO mqtt_sessions (region, client_id, thing, expiry_seconds, disconnected_at, "
                            + "subscriptions, updated_at) VALUES (:region, :client, :thing, :expiry, :disconnected, "
                            + ":subscriptions, :now)")
                    .bind("region", region)
                    .bind("client", row.clientId())
                    .bind("thing", row.thing())
                    .bind("expiry", row.expirySeconds())
                    .bind("disconnected", row.disconnectedAtMillis())
                    .bind("subscriptions", row.subscriptions())
                    .bind("now", nowMillis)
                    .execute();
        }
    }

    void deleteSession(String clientId) {
        deleteWill(clientId);
        handle.createUpdate("DELETE FROM mqtt_session_messages WHERE region = :region AND client_id = :client")
                .bind("region", region)
                .bind("client", clientId)
                .execute();
        handle.createUpdate("DELETE FROM mqtt_sessions WHERE region = :region AND client_id = :client")
                .bind("region", region)
                .bind("client", clientId)
                .execute();
    }

    void insertMessage(MessageRow row) {
        handle.createUpdate("INSERT INTO mqtt_session_messages (region, client_id, seq, thing, packet_id, released, "
                        + "message) VALUES (:region, :client, :seq, :thing, :packetId, :released, :message)")
                .bind("region", region)
                .bind("client", row.clientId())
                .bind("seq", row.seq())
                .bind("thing", row.thing())
                .bind("packetId", row.packetId())
                .bind("released", row.released() ? 1 : 0)
                .bind("message", row.message())
                .execute();
    }

    void markMessage(String clientId, long seq, int packetId, boolean released) {
        handle.createUpdate("UPDATE mqtt_session_messages SET packet_id = :packetId, released = :released "
                        + "WHERE region = :region AND client_id = :client AND seq = :seq")
                .bind("region", region)
                .bind("client", clientId)
                .bind("seq", seq)
                .bind("packetId", packetId)
                .bind("released", released ? 1 : 0)
                .execute();
    }

    void deleteMessage(String clientId, long seq) {
        handle.createUpdate("DELETE FROM mqtt_session_messages WHERE region = :region AND client_id = :client "
                        + "AND seq = :seq")
                .bind("region", region)
                .bind("client", clientId)
                .bind("seq", seq)
                .execute();
    }

    /** Stores the session's pending will, replacing one it had. */
    void putWill(WillRow row) {
        deleteWill(row.clientId());
        handle.createUpdate("INSERT INTO mqtt_session_wills (region, client_id, thing, due_at, will) "
                        + "VALUES (:region, :client, :thing, :due, :will)")
                .bind("region", region)
                .bind("client", row.clientId())
                .bind("thing", row.thing())
                .bind("due", row.dueAtMillis())
                .bind("will", row.will())
                .execute();
    }

    void deleteWill(String clientId) {
        handle.createUpdate("DELETE FROM mqtt_session_wills WHERE region = :region AND client_id = :client")
                .bind("region", region)
                .bind("client", clientId)
                .execute();
    }

    /** Every pending will of the region. */
    List<WillRow> wills() {
        return handle.createQuery(
                        "SELECT client_id, thing, due_at, will FROM mqtt_session_wills " + "WHERE region = :region")
                .bind("region", region)
                .map((rs, ctx) -> new WillRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .list();
    }

    List<SessionRow> sessions() {
        return handle.createQuery("SELECT client_id, thing, expiry_seconds, disconnected_at, subscriptions "
                        + "FROM mqtt_sessions WHERE region = :region ORDER BY client_id")
                .bind("region", region)
                .map((rs, ctx) ->
                        new SessionRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5)))
                .list();
    }

    /** Every held message of the region, by client and in order. */
    List<MessageRow> messages() {
        return handle.createQuery("SELECT client_id, seq, thing, packet_id, released, message "
                        + "FROM mqtt_session_messages WHERE region = :region ORDER BY client_id, seq")
                .bind("region", region)
                .map((rs, ctx) -> new MessageRow(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getInt(5) != 0,
                        rs.getString(6)))
                .list();
    }

    /** Deletes every session of the thing and what it holds; returns how many sessions. */
    int deleteThing(String thing) {
        handle.createUpdate("DELETE FROM mqtt_session_wills WHERE region = :region AND thing = :thing")
                .bind("region", region)
                .bind("thing", thing)
                .execute();
        handle.createUpdate("DELETE FROM mqtt_session_messages WHERE region = :region AND thing = :thing")
                .bind("region", region)
                .bind("thing", thing)
                .execute();
        return handle.createUpdate("DELETE FROM mqtt_sessions WHERE region = :region AND thing = :thing")
                .bind("region", region)
                .bind("thing", thing)
                .execute();
    }

    int countThing(String thing) {
        return handle.createQuery("SELECT COUNT(*) FROM mqtt_sessions WHERE region = :region AND thing = :thing")
                .bind("region", region)
                .bind("thing", thing)
                .mapTo(Integer.class)
                .one();
    }
}
