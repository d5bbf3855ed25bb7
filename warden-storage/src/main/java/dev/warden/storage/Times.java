package dev.warden.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Times are stored as epoch milliseconds so that SQLite and PostgreSQL share one schema. */
public final class Times {
    private Times() {}

    public static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
