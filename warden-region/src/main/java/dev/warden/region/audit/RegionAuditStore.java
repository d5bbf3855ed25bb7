package dev.warden.region.audit;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.store.AuditStore;
import dev.warden.storage.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The region chains an audit region keeps ({@code region_audit_*}): appended only after a batch verified, never
 * updated; rows decode as the region's own trail decodes them ({@link AuditStore#eventOf}), so an edit at rest is
 * what the offline verifier reports. A method that takes a {@link Handle} joins the caller's transaction.
 */
public final class RegionAuditStore {
    private static final String EVENTS = "region_audit_events";

    private final Database database;

    public RegionAuditStore(Database database) {
        this.database = database;
    }

    public Database database() {
        return database;
    }

    /** Where the stored chain of {@code region} ends. */
    public BatchVerifier.Position position(Handle h, String region) {
        Optional<ChainedEvent> last = h.createQuery("SELECT " + AuditStore.EVENT_COLUMNS + " FROM " + EVENTS
                        + " WHERE region = :region ORDER BY seq DESC LIMIT 1")
                .bind("region", region)
                .map((rs, ctx) -> AuditStore.eventOf(rs))
                .findOne();
        Optional<AuditDigest> digest = h.createQuery(
                        "SELECT * FROM region_audit_digests WHERE region = :region ORDER BY digest_seq DESC LIMIT 1")
                .bind("region", region)
                .map((rs, ctx) -> AuditStore.digestOf(rs))
                .findOne();
        return last.map(e -> new BatchVerifier.Position(e.seq(), e.hash(), digest.orElse(null)))
                .orElseGet(() ->
                        new BatchVerifier.Position(0, BatchVerifier.Position.EMPTY.lastHash(), digest.orElse(null)));
    }

    public BatchVerifier.Position position(String region) {
        return database.read(h -> position(h, region));
    }

    /** The keys pinned for {@code region}, oldest first, or null when none are. */
    public AuditKeys keys(Handle h, String region) {
        List<AuditKeys.Key> keys = h.createQuery("SELECT key_id, public_key, from_digest_seq, to_digest_seq, created_at"
                        + " FROM region_audit_keys WHERE region = :region ORDER BY position")
                .bind("region", region)
                .map((rs, ctx) -> new AuditKeys.Key(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getObject(4) == null ? null : rs.getLong(4),
                        Instant.ofEpochMilli(rs.getLong(5))))
                .list();
        return keys.isEmpty() ? null : new AuditKeys(region, keys);
    }

    public AuditKeys keys(String region) {
        return database.read(h -> keys(h, region));
    }

    /** Replaces the keys pinned for {@code region}; {@code source} says how the newest came ({@code join}, ...). */
    public void putKeys(Handle h, String region, AuditKeys keys, String source) {
        h.createUpdate("DELETE FROM region_audit_keys WHERE region = :region")
                .bind("region", region)
                .execute();
        PreparedBatch insert = h.prepareBatch("INSERT INTO region_audit_keys (region, position, key_id, public_key,"
                + " from_digest_seq, to_digest_seq, created_at, source) VALUES (:region, :position, :id, :pem, :from,"
                + " :to, :created, :source)");
        int position = 0;
        for (AuditKeys.Key k : keys.keys()) {
            insert.bind("region", region)
                    .bind("position", position++)
                    .bind("id", k.keyId())
                    .bind("pem", k.publicKeyPem())
                    .bind("from", k.fromDigestSeq())
                    .bind("to", k.toDigestSeq())
                    .bind("created", k.createdAt().toEpochMilli())
                    .bind("source", source)
                    .add();
        }
        insert.execute();
    }

    /** Appends a verified batch. */
    public void append(Handle h, AuditBatch batch, Instant receivedAt) {
        if (!batch.events().isEmpty()) {
            PreparedBatch insert = h.prepareBatch("INSERT INTO " + EVENTS + " (" + AuditStore.EVENT_COLUMNS
                    + ", received_at) VALUES (:seq, :id, :time, :region, :node, :ptype, :pid, :pcred, :ip, :action,"
                    + " :resource, :result, :stmt, :request, :details, :hash, :received)");
            for (ChainedEvent c : batch.events()) {
                AuditEvent e = c.event();
                insert.bind("seq", c.seq())
                        .bind("id", e.eventId())
                        .bind("time", e.timeNanos())
                        .bind("region", e.region())
                        .bind("node", e.node())
                        .bind("ptype", e.principal().type())
                        .bind("pid", e.principal().id())
                        .bind("pcred", e.principal().credential())
                        .bind("ip", e.sourceIp())
                        .bind("action", e.action())
                        .bind("resource", e.resource())
                        .bind("result", e.result().name())
                        .bind("stmt", e.decidingStatement())
                        .bind("request", e.requestId())
                        .bind("details", AuditStore.detailsJson(e))
                        .bind("hash", c.hash())
                        .bind("received", receivedAt.toEpochMilli())
                        .add();
            }
            insert.execute();
        }
        for (AuditDigest d : batch.digests()) {
            h.createUpdate("INSERT INTO region_audit_digests (region, digest_seq, from_seq, to_seq, head_hash,"
                            + " previous_digest_hash, created_at_ns, key_id, signature, epoch, merkle_root, received_at)"
                            + " VALUES (:region, :digestSeq, :fromSeq, :toSeq, :headHash, :previousDigestHash,"
                            + " :createdAtNanos, :keyId, :signature, :epoch, :merkleRoot, :received)")
                    .bindMethods(d)
                    .bind("received", receivedAt.toEpochMilli())
                    .execute();
        }
    }

    /** The stored chain of {@code region} as the verifier asks it, on the caller's transaction. */
    public BatchVerifier.StoredChain storedChain(Handle h, String region) {
        return new BatchVerifier.StoredChain() {
            @Override
            public Optional<String> hashAt(long seq) {
                return h.createQuery("SELECT hash FROM " + EVENTS + " WHERE region = :region AND seq = :seq")
                        .bind("region", region)
                        .bind("seq", seq)
                        .mapTo(String.class)
                        .findOne();
            }

            @Override
            public Optional<Long> rotation(String oldKeyId, String newKeyId) {
                return h
                        .createQuery("SELECT " + AuditStore.EVENT_COLUMNS + " FROM " + EVENTS
                                + " WHERE region = :region AND action = :action ORDER BY seq")
                        .bind("region", region)
                        .bind("action", BatchVerifier.ROTATE_ACTION)
                        .map((rs, ctx) -> AuditStore.eventOf(rs))
                        .stream()
                        .filter(e -> BatchVerifier.isRotation(e, oldKeyId, newKeyId))
                        .map(ChainedEvent::seq)
                        .findFirst();
            }
        };
    }

    /** Every region with a stored chain or pinned keys. */
    public List<String> regions() {
        return database.read(h -> h.createQuery("SELECT region FROM " + EVENTS + " UNION SELECT region FROM"
                        + " region_audit_digests UNION SELECT region FROM region_audit_keys ORDER BY 1")
                .mapTo(String.class)
                .list());
    }

    public List<AuditDigest> digests(String region) {
        return database.read(
                h -> h.createQuery("SELECT * FROM region_audit_digests WHERE region = :region ORDER BY digest_seq")
                        .bind("region", region)
                        .map((rs, ctx) -> AuditStore.digestOf(rs))
                        .list());
    }

    /** Streams the stored events of {@code region} in seq order, without holding them all. */
    public void forEach(String region, Consumer<Iterator<ChainedEvent>> consumer) {
        database.jdbi().useTransaction(h -> {
            try (var events = h.createQuery("SELECT " + AuditStore.EVENT_COLUMNS + " FROM " + EVENTS
                            + " WHERE region = :region ORDER BY seq")
                    .bind("region", region)
                    .setFetchSize(5_000)
                    .map((rs, ctx) -> AuditStore.eventOf(rs))
                    .iterator()) {
                consumer.accept(events);
            }
        });
    }

    /** When each event of {@code region} after {@code afterSeq} arrived: seq to (event time ns, received ms). */
    public Map<Long, long[]> arrivals(String region, long afterSeq) {
        return database.read(h -> {
            Map<Long, long[]> times = new java.util.TreeMap<>();
            h.createQuery("SELECT seq, time_ns, received_at FROM " + EVENTS
                            + " WHERE region = :region AND seq > :after")
                    .bind("region", region)
                    .bind("after", afterSeq)
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)}))
                    .forEach(e -> times.put(e.getKey(), e.getValue()));
            return times;
        });
    }

    /** The stored events matching {@code q} (its region null: every stored region), in region and chain order. */
    public List<ChainedEvent> query(AuditQuery q) {
        StringBuilder sql =
                new StringBuilder("SELECT " + AuditStore.EVENT_COLUMNS + " FROM " + EVENTS + " WHERE seq > :after");
        List<Consumer<Query>> binds = new ArrayList<>();
        filter(sql, binds, "region", q.region());
        filter(sql, binds, "principal_id", q.principal());
        filter(sql, binds, "action", q.action());
        filter(sql, binds, "resource", q.resource());
        filter(sql, binds, "result", q.result() == null ? null : q.result().name());
        if (q.fromNanos() != null) {
            sql.append(" AND time_ns >= :from");
            binds.add(query -> query.bind("from", q.fromNanos()));
        }
        if (q.toNanos() != null) {
            sql.append(" AND time_ns < :to");
            binds.add(query -> query.bind("to", q.toNanos()));
        }
        sql.append(" ORDER BY region, seq LIMIT :limit");
        return database.read(h -> {
            Query query =
                    h.createQuery(sql.toString()).bind("after", q.afterSeq()).bind("limit", q.limit());
            binds.forEach(b -> b.accept(query));
            return query.map((rs, ctx) -> AuditStore.eventOf(rs)).list();
        });
    }

    /** A filter as a bound parameter, never as text in the statement. */
    private static void filter(StringBuilder sql, List<Consumer<Query>> binds, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(column);
            binds.add(query -> query.bind(column, value));
        }
    }
}
