package dev.warden.audit.store;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.HashChain;
import dev.warden.audit.StoredLink;
import dev.warden.storage.Database;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The audit tables. Append and read only: the application has no path that updates or deletes an event or a digest.
 */
public final class AuditStore {
    /**
     * The event columns in the order {@link #eventOf} reads them; another table with the same columns (the region
     * chains an audit region keeps) selects them to decode its rows exactly as this store does.
     */
    public static final String EVENT_COLUMNS = "seq, event_id, time_ns, region, node, principal_type, principal_id, "
            + "principal_credential, source_ip, action, resource, result, deciding_statement, request_id, details, hash";

    private final Database database;
    private final AuditScans scans;

    public AuditStore(Database database) {
        this.database = database;
        this.scans = new AuditScans(database);
    }

    /** Where a region's chains end now. */
    public record Head(long lastSeq, String lastHash, Optional<AuditDigest> lastDigest) {}

    /** The head seal as stored: the node's MAC over the chain head it last committed. */
    public record StoredSeal(long seq, String hash, String seal) {}

    /**
     * One commit of the writer: events, and optionally the checkpoint that covers them (with the tree frontier at its
     * size), the new head seal, and a range of events to set aside as not written by the node.
     *
     * @param quarantineFromSeq events at and after this seq are moved to the quarantine first, or {@code null}
     */
    public record Batch(
            List<ChainedEvent> events,
            AuditDigest digest,
            String treeFrontier,
            StoredSeal seal,
            Long quarantineFromSeq,
            long nowNanos) {
        public Batch {
            events = List.copyOf(events);
        }
    }

    public Head head(String region) {
        return database.read(h -> {
            Optional<ChainedEvent> last = h.createQuery("SELECT " + EVENT_COLUMNS
                            + " FROM audit_events WHERE region = :region ORDER BY seq DESC LIMIT 1")
                    .bind("region", region)
                    .map((rs, ctx) -> AuditRows.event(rs))
                    .findOne();
            Optional<AuditDigest> digest = h.createQuery(
                            "SELECT * FROM audit_digests WHERE region = :region " + "ORDER BY digest_seq DESC LIMIT 1")
                    .bind("region", region)
                    .map((rs, ctx) -> AuditRows.digest(rs))
                    .findOne();
            return new Head(
                    last.map(ChainedEvent::seq).orElse(0L),
                    last.map(ChainedEvent::hash).orElse(HashChain.GENESIS),
                    digest);
        });
    }

    /** The head seal of a region, if one was ever written. */
    public Optional<StoredSeal> seal(String region) {
        return database.read(h -> h.createQuery("SELECT seq, hash, seal FROM audit_seals WHERE region = :region")
                .bind("region", region)
                .map((rs, ctx) -> new StoredSeal(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .findOne());
    }

    /** The tree frontier stored with a checkpoint, if any (checkpoints before Merkle roots have none). */
    public Optional<String> treeFrontier(String region, long digestSeq) {
        return database.read(h -> h.createQuery(
                        "SELECT tree_frontier FROM audit_digests WHERE region = :region " + "AND digest_seq = :seq")
                .bind("region", region)
                .bind("seq", digestSeq)
                .mapTo(String.class)
                .findOne());
    }

    /** Appends events and, if given, the digest that covers them, in one transaction: all land or none. */
    public void append(List<ChainedEvent> events, AuditDigest digest) {
        append(new Batch(events, digest, null, null, null, 0));
    }

    /** Writes one commit of the writer in one transaction: all of it lands or none. */
    public void append(Batch batch) {
        database.useTransaction(h -> AuditAppender.append(h, batch));
    }

    /** How many events were quarantined, per recording seq, for the verifier's report. */
    public java.util.Map<Long, Long> quarantined(String region) {
        return database.read(h -> {
            java.util.Map<Long, Long> counts = new java.util.TreeMap<>();
            h.createQuery("SELECT recorded_at_seq, COUNT(*) FROM audit_quarantine WHERE region = :region "
                            + "GROUP BY recorded_at_seq")
                    .bind("region", region)
                    .map((rs, ctx) -> java.util.Map.entry(rs.getLong(1), rs.getLong(2)))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return counts;
        });
    }

    /**
     * The database's reason without the statement: a batch failure's own message echoes every bound value
     * (PostgreSQL's "Batch entry 0 INSERT ... VALUES (...)"), so the chained cause's first line is used instead.
     */
    static String describe(SQLException e) {
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        if (message.startsWith("Batch entry")) {
            message = "batch rejected";
        }
        return "SQLState " + cause.getSQLState() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }

    /**
     * Up to {@code limit} digests of {@code region} after {@code afterDigestSeq}, in order: what a shipper reads
     * without loading every digest of a long trail.
     */
    public List<AuditDigest> digestsAfter(String region, long afterDigestSeq, int limit) {
        return database.read(h -> h.createQuery("SELECT * FROM audit_digests WHERE region = :region"
                        + " AND digest_seq > :after ORDER BY digest_seq LIMIT :limit")
                .bind("region", region)
                .bind("after", afterDigestSeq)
                .bind("limit", limit)
                .map((rs, ctx) -> AuditRows.digest(rs))
                .list());
    }

    /**
     * Decodes a row selected as {@link #EVENT_COLUMNS} as this store decodes its own (a row edited so that it no longer
     * decodes keeps its raw text, for the verifier to report): for tables of the same columns kept elsewhere.
     */
    public static ChainedEvent eventOf(ResultSet rs) throws SQLException {
        return AuditRows.event(rs);
    }

    /** Decodes a digest row by column name, as this store decodes its own (same use as {@link #eventOf}). */
    public static AuditDigest digestOf(ResultSet rs) throws SQLException {
        return AuditRows.digest(rs);
    }

    /** The details column of an event, as this store writes it (JSON, keys in ascending order). */
    public static String detailsJson(AuditEvent event) {
        return AuditRows.json(event);
    }

    public List<AuditDigest> digests(String region) {
        return database.read(
                h -> h.createQuery("SELECT * FROM audit_digests WHERE region = :region ORDER BY digest_seq")
                        .bind("region", region)
                        .map((rs, ctx) -> AuditRows.digest(rs))
                        .list());
    }

    public List<String> regions() {
        return database.read(h -> h.createQuery("SELECT DISTINCT region FROM audit_events UNION "
                        + "SELECT DISTINCT region FROM audit_digests ORDER BY 1")
                .mapTo(String.class)
                .list());
    }

    /** The first seq at or after a time, or empty if no event is that recent. */
    public Optional<Long> firstSeqAtOrAfter(String region, long timeNanos) {
        return database.read(
                h -> h.createQuery("SELECT MIN(seq) FROM audit_events WHERE region = :region AND time_ns >= :t")
                        .bind("region", region)
                        .bind("t", timeNanos)
                        .mapTo(Long.class)
                        .findOne());
    }

    /** The first stored seq of a region (after archival, not 1), or empty when no event is stored. */
    public Optional<Long> firstSeq(String region) {
        return database.read(h -> h.createQuery("SELECT MIN(seq) FROM audit_events WHERE region = :region")
                .bind("region", region)
                .mapTo(Long.class)
                .findOne());
    }

    /**
     * Removes events up to {@code upToSeq} after they were archived — the one deletion the application performs,
     * and only of a closed segment that ends at a signed digest (which stays, so the rest of the chain still has a
     * verified anchor) and whose archival is itself an event in the chain. Returns how many rows went.
     */
    public int removeArchived(String region, long upToSeq) {
        boolean atDigest = digests(region).stream().anyMatch(d -> d.toSeq() == upToSeq);
        if (!atDigest) {
            throw new StorageException(StorageReason.INVALID, "an archive must end at a signed digest");
        }
        return database.inTransaction(
                h -> h.createUpdate("DELETE FROM audit_events WHERE region = :region AND seq <= :upTo")
                        .bind("region", region)
                        .bind("upTo", upToSeq)
                        .execute());
    }

    /** The last seq before a time, or empty. */
    public Optional<Long> lastSeqBefore(String region, long timeNanos) {
        return database.read(
                h -> h.createQuery("SELECT MAX(seq) FROM audit_events WHERE region = :region AND time_ns < :t")
                        .bind("region", region)
                        .bind("t", timeNanos)
                        .mapTo(Long.class)
                        .findOne());
    }

    /** The time of the event at {@code seq}, if it is stored. */
    public Optional<Long> timeAt(String region, long seq) {
        return database.read(
                h -> h.createQuery("SELECT time_ns FROM audit_events WHERE region = :region AND seq = :seq")
                        .bind("region", region)
                        .bind("seq", seq)
                        .mapTo(Long.class)
                        .findOne());
    }

    public Optional<String> hashAt(String region, long seq) {
        return database.read(h -> h.createQuery("SELECT hash FROM audit_events WHERE region = :region AND seq = :seq")
                .bind("region", region)
                .bind("seq", seq)
                .mapTo(String.class)
                .findOne());
    }

    /** The stored event of {@code region} with this id, at its place in the chain, if any. */
    public Optional<ChainedEvent> eventById(String region, String eventId) {
        return database.read(h -> h.createQuery("SELECT " + EVENT_COLUMNS + " FROM audit_events WHERE region = :region "
                        + "AND event_id = :id ORDER BY seq LIMIT 1")
                .bind("region", region)
                .bind("id", eventId)
                .map((rs, ctx) -> AuditRows.event(rs))
                .findOne());
    }

    /**
     * Streams the stored chain hashes (hex) of events {@code fromSeq..toSeq} in seq order, reading no other column:
     * enough to build Merkle proofs over a large trail.
     */
    public void forEachHash(
            String region, long fromSeq, long toSeq, java.util.function.ObjLongConsumer<String> consumer) {
        scans.forEachHash(region, fromSeq, toSeq, consumer);
    }

    /**
     * Streams events {@code fromSeq..toSeq} (inclusive) in seq order to {@code consumer}, without holding them all in
     * memory (PostgreSQL needs a transaction for its cursor to fetch in pages).
     */
    public void forEach(String region, long fromSeq, long toSeq, Consumer<Iterator<ChainedEvent>> consumer) {
        scans.forEach(region, fromSeq, toSeq, consumer);
    }

    /**
     * Streams events {@code fromSeq..toSeq} (inclusive) as the verifier reads them: the stored bytes of each text
     * column, hashed as stored, without decoding them into strings (that, not hashing, bounded verification).
     */
    public void forEachStored(String region, long fromSeq, long toSeq, Consumer<Iterator<StoredLink>> consumer) {
        scans.forEachStored(region, fromSeq, toSeq, consumer);
    }

    /** The events matching {@code q}, in chain order. */
    public List<ChainedEvent> query(AuditQuery q) {
        return AuditQueries.run(database, q, false);
    }

    /**
     * The newest events that match {@code q} (its {@code afterSeq} a lower bound), newest first: "what happened to
     * this lately" without paging through the whole trail. Read backwards from the trail's head.
     */
    public List<ChainedEvent> latest(AuditQuery q) {
        return AuditQueries.run(database, q, true);
    }
}
