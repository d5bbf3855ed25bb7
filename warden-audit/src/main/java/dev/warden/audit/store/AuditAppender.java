package dev.warden.audit.store;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.store.AuditStore.Batch;
import dev.warden.audit.store.AuditStore.StoredSeal;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The write side of {@link AuditStore}: one writer commit (events, checkpoint, head seal, quarantine) per call. */
final class AuditAppender {
    private AuditAppender() {}

    /** Writes {@code batch} on {@code h}, whose transaction the caller holds: all of it lands or none. */
    static void append(Handle h, Batch batch) {
        if (batch.quarantineFromSeq() != null && !batch.events().isEmpty()) {
            quarantine(
                    h,
                    batch.events().get(0).event().region(),
                    batch.quarantineFromSeq(),
                    batch.events().get(0).seq(),
                    batch.nowNanos());
        }
        if (!batch.events().isEmpty()) {
            insertEvents(h.getConnection(), batch.events());
        }
        AuditDigest digest = batch.digest();
        if (digest != null) {
            h.createUpdate("INSERT INTO audit_digests (region, digest_seq, from_seq, to_seq, head_hash, "
                            + "previous_digest_hash, created_at_ns, key_id, signature, epoch, merkle_root, tree_frontier) "
                            + "VALUES (:region, :digestSeq, :fromSeq, :toSeq, :headHash, :previousDigestHash, "
                            + ":createdAtNanos, :keyId, :signature, :epoch, :merkleRoot, :frontier)")
                    .bindMethods(digest)
                    .bind("frontier", batch.treeFrontier())
                    .execute();
        }
        StoredSeal seal = batch.seal();
        if (seal != null) {
            String region =
                    !batch.events().isEmpty() ? batch.events().get(0).event().region() : digest.region();
            writeSeal(h, region, seal);
        }
    }

    private static void writeSeal(Handle h, String region, StoredSeal seal) {
        int updated = h.createUpdate(
                        "UPDATE audit_seals SET seq = :seq, hash = :hash, seal = :seal " + "WHERE region = :region")
                .bind("region", region)
                .bindMethods(seal)
                .execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO audit_seals (region, seq, hash, seal) VALUES (:region, :seq, :hash, :seal)")
                    .bind("region", region)
                    .bindMethods(seal)
                    .execute();
        }
    }

    /**
     * Moves events from {@code fromSeq} on into the quarantine, as evidence, and out of the chain: the one path that
     * removes rows besides archival, taken only in the transaction that records the finding in the chain.
     */
    private static void quarantine(Handle h, String region, long fromSeq, long recordedAtSeq, long now) {
        h.createUpdate("INSERT INTO audit_quarantine (region, recorded_at_seq, " + AuditStore.EVENT_COLUMNS
                        + ") SELECT region, " + ":recordedAt, " + AuditStore.EVENT_COLUMNS
                        + " FROM audit_events WHERE region = :region AND seq >= :from")
                .bind("region", region)
                .bind("from", fromSeq)
                .bind("recordedAt", recordedAtSeq)
                .execute();
        h.createUpdate("DELETE FROM audit_events WHERE region = :region AND seq >= :from")
                .bind("region", region)
                .bind("from", fromSeq)
                .execute();
    }

    /** Plain JDBC with positional parameters: group commit writes tens of thousands of rows per transaction. */
    private static void insertEvents(Connection connection, List<ChainedEvent> events) {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_events ("
                + AuditStore.EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ChainedEvent c : events) {
                AuditEvent e = c.event();
                insert.setLong(1, c.seq());
                insert.setString(2, e.eventId());
                insert.setLong(3, e.timeNanos());
                insert.setString(4, e.region());
                insert.setString(5, e.node());
                insert.setString(6, e.principal().type());
                insert.setString(7, e.principal().id());
                insert.setString(8, e.principal().credential());
                insert.setString(9, e.sourceIp());
                insert.setString(10, e.action());
                insert.setString(11, e.resource());
                insert.setString(12, e.result().name());
                insert.setString(13, e.decidingStatement());
                insert.setString(14, e.requestId());
                insert.setString(15, AuditRows.json(e));
                insert.setString(16, c.hash());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new StorageException(StorageReason.UNAVAILABLE, "audit append failed: " + AuditStore.describe(e));
        }
    }
}
