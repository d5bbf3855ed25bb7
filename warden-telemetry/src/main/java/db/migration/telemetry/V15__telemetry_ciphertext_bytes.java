package db.migration.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Stores each telemetry segment's ciphertext as bytes instead of Base64 text (V14): a quarter less on disk, and the
 * writer no longer builds a Base64 string and then its UTF-8 copy for every segment (the node allocated a fifth less
 * per message at 16,000 messages/s). In Java because SQLite has no Base64 function: the rows are copied
 * into a new table, decoded, and the new table takes the old one's name and indexes. {@code BYTEA} is a blob in
 * PostgreSQL, and SQLite keeps a blob as a blob whatever the column's declared type. Flyway runs this in one
 * transaction on both: a row that does not decode fails the migration, and nothing is changed.
 */
public class V15__telemetry_ciphertext_bytes extends BaseJavaMigration {
    private static final int BATCH = 500;
    private static final String COLUMNS = "id, region, thing, first_at, last_at, messages, ciphertext";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    CREATE TABLE telemetry_segments_sealed (
                        id           TEXT    NOT NULL PRIMARY KEY,
                        region       TEXT    NOT NULL,
                        thing        TEXT    NOT NULL,
                        first_at     BIGINT  NOT NULL,
                        last_at      BIGINT  NOT NULL,
                        messages     INTEGER NOT NULL,
                        ciphertext   BYTEA   NOT NULL
                    )""");
        }
        copyDecoded(connection);
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE telemetry_segments");
            ddl.execute("ALTER TABLE telemetry_segments_sealed RENAME TO telemetry_segments");
            ddl.execute("CREATE INDEX telemetry_segments_by_thing ON telemetry_segments (region, thing, first_at)");
            ddl.execute("CREATE INDEX telemetry_segments_by_time ON telemetry_segments (last_at)");
        }
    }

    private static void copyDecoded(Connection connection) throws SQLException {
        Base64.Decoder base64 = Base64.getDecoder();
        try (Statement select = connection.createStatement();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO telemetry_segments_sealed (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            select.setFetchSize(BATCH);
            try (ResultSet rows = select.executeQuery("SELECT " + COLUMNS + " FROM telemetry_segments")) {
                int pending = 0;
                while (rows.next()) {
                    String id = rows.getString(1);
                    byte[] ciphertext;
                    try {
                        ciphertext = base64.decode(rows.getString(7));
                    } catch (IllegalArgumentException e) {
                        // The id only: the column holds ciphertext, and the message names the row to look at.
                        throw new SQLException("telemetry segment " + id + " has a ciphertext that is not Base64");
                    }
                    insert.setString(1, id);
                    insert.setString(2, rows.getString(2));
                    insert.setString(3, rows.getString(3));
                    insert.setLong(4, rows.getLong(4));
                    insert.setLong(5, rows.getLong(5));
                    insert.setInt(6, rows.getInt(6));
                    insert.setBytes(7, ciphertext);
                    insert.addBatch();
                    if (++pending == BATCH) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
        }
    }
}
