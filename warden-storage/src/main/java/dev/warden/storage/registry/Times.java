package dev.warden.storage.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Times are stored as epoch milliseconds so that SQLite and PostgreSQL share one schema. */
final class Times {
    private Times() {}

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
