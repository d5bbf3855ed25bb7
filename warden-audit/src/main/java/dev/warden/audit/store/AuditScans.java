package dev.warden.audit.store;

import dev.warden.audit.ChainedEvent;
import dev.warden.audit.StoredLink;
import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/** The streaming reads of {@link AuditStore}: a range of the chain in seq order, paged, never all in memory. */
final class AuditScans {
    private final Database database;

    AuditScans(Database database) {
        this.database = database;
    }

    void forEachHash(String region, long fromSeq, long toSeq, ObjLongConsumer<String> consumer) {
        stream(region, fromSeq, toSeq, "seq, hash", rs -> {
            try {
                while (rs.next()) {
                    consumer.accept(rs.getString(2), rs.getLong(1));
                }
            } catch (SQLException e) {
                throw new StorageException(
                        StorageReason.UNAVAILABLE, "reading the audit trail failed: " + AuditStore.describe(e));
            }
        });
    }

    void forEach(String region, long fromSeq, long toSeq, Consumer<Iterator<ChainedEvent>> consumer) {
        stream(
                region,
                fromSeq,
                toSeq,
                AuditStore.EVENT_COLUMNS,
                rs -> consumer.accept(new AuditRows.RowIterator<>(rs, AuditRows::event)));
    }

    void forEachStored(String region, long fromSeq, long toSeq, Consumer<Iterator<StoredLink>> consumer) {
        DatabaseLocation.Kind kind = database.location().kind();
        stream(
                region,
                fromSeq,
                toSeq,
                StoredRow.selectList(kind),
                rs -> consumer.accept(new AuditRows.RowIterator<StoredLink>(rs, row -> {
                    StoredRow stored = StoredRow.read(row, kind);
                    return stored != null
                            ? stored
                            : eventAt(row.getStatement().getConnection(), region, row.getLong(1));
                })));
    }

    /** PostgreSQL needs a transaction for its cursor to fetch in pages. */
    private void stream(String region, long fromSeq, long toSeq, String columns, Consumer<ResultSet> consumer) {
        database.jdbi().useTransaction(h -> {
            try (PreparedStatement select = h.getConnection()
                    .prepareStatement("SELECT " + columns
                            + " FROM audit_events WHERE region = ? AND seq >= ? AND seq <= ? ORDER BY seq")) {
                select.setString(1, region);
                select.setLong(2, fromSeq);
                select.setLong(3, toSeq);
                select.setFetchSize(10_000);
                try (ResultSet rs = select.executeQuery()) {
                    consumer.accept(rs);
                }
            } catch (SQLException e) {
                throw new StorageException(
                        StorageReason.UNAVAILABLE, "reading the audit trail failed: " + AuditStore.describe(e));
            }
        });
    }

    /** One event read by column, on the connection (and so in the transaction) of a running scan. */
    private static ChainedEvent eventAt(Connection connection, String region, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + AuditStore.EVENT_COLUMNS + " FROM audit_events WHERE region = ? AND seq = ?")) {
            select.setString(1, region);
            select.setLong(2, seq);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("audit event " + seq + " vanished during verification");
                }
                return AuditRows.event(rs);
            }
        }
    }
}
