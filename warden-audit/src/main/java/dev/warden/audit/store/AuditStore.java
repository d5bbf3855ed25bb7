package dev.warden.audit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.HashChain;
import dev.warden.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The audit tables. Append and read only: the application has no path that updates or deletes an event or a digest.
 */
public final class AuditStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {};
    private static final String EVENT_COLUMNS = "seq, event_id, time_ns, region, node, principal_type, principal_id, "
            + "principal_credential, source_ip, action, resource, result, deciding_statement, request_id, details, hash";

    private final Database database;

    public AuditStore(Database database) {
        this.database = database;
    }

    /** Where a region's chains end now. */
    public record Head(long lastSeq, String lastHash, Optional<AuditDigest> lastDigest) {}

    public Head head(String region) {
        return database.read(h -> {
            Optional<ChainedEvent> last = h.createQuery("SELECT " + EVENT_COLUMNS
                            + " FROM audit_events WHERE region = :region ORDER BY seq DESC LIMIT 1")
                    .bind("region", region).map((rs, ctx) -> event(rs)).findOne();
            Optional<AuditDigest> digest = h.createQuery("SELECT * FROM audit_digests WHERE region = :region "
                            + "ORDER BY digest_seq DESC LIMIT 1")
                    .bind("region", region).map((rs, ctx) -> digest(rs)).findOne();
            return new Head(last.map(ChainedEvent::seq).orElse(0L), last.map(ChainedEvent::hash).orElse(HashChain.GENESIS),
                    digest);
        });
    }

    /** Appends events and, if given, the digest that covers them, in one transaction: all land or none. */
    public void append(List<ChainedEvent> events, AuditDigest digest) {
        database.useTransaction(h -> {
            if (!events.isEmpty()) {
                PreparedBatch batch = h.prepareBatch("INSERT INTO audit_events (" + EVENT_COLUMNS + ") VALUES (:seq, :eventId, "
                        + ":timeNs, :region, :node, :principalType, :principalId, :principalCredential, :sourceIp, :action, "
                        + ":resource, :result, :decidingStatement, :requestId, :details, :hash)");
                for (ChainedEvent c : events) {
                    AuditEvent e = c.event();
                    batch.bind("seq", c.seq()).bind("eventId", e.eventId()).bind("timeNs", e.timeNanos())
                            .bind("region", e.region()).bind("node", e.node())
                            .bind("principalType", e.principal().type()).bind("principalId", e.principal().id())
                            .bind("principalCredential", e.principal().credential()).bind("sourceIp", e.sourceIp())
                            .bind("action", e.action()).bind("resource", e.resource()).bind("result", e.result().name())
                            .bind("decidingStatement", e.decidingStatement()).bind("requestId", e.requestId())
                            .bind("details", json(e)).bind("hash", c.hash()).add();
                }
                batch.execute();
            }
            if (digest != null) {
                h.createUpdate("INSERT INTO audit_digests (region, digest_seq, from_seq, to_seq, head_hash, "
                                + "previous_digest_hash, created_at_ns, key_id, signature) VALUES (:region, :digestSeq, "
                                + ":fromSeq, :toSeq, :headHash, :previousDigestHash, :createdAtNanos, :keyId, :signature)")
                        .bindMethods(digest).execute();
            }
        });
    }

    public List<AuditDigest> digests(String region) {
        return database.read(h -> h.createQuery("SELECT * FROM audit_digests WHERE region = :region ORDER BY digest_seq")
                .bind("region", region).map((rs, ctx) -> digest(rs)).list());
    }

    public List<String> regions() {
        return database.read(h -> h.createQuery("SELECT DISTINCT region FROM audit_events UNION "
                + "SELECT DISTINCT region FROM audit_digests ORDER BY 1").mapTo(String.class).list());
    }

    /** The first seq at or after a time, or empty if no event is that recent. */
    public Optional<Long> firstSeqAtOrAfter(String region, long timeNanos) {
        return database.read(h -> h.createQuery("SELECT MIN(seq) FROM audit_events WHERE region = :region AND time_ns >= :t")
                .bind("region", region).bind("t", timeNanos).mapTo(Long.class).findOne());
    }

    /** The last seq before a time, or empty. */
    public Optional<Long> lastSeqBefore(String region, long timeNanos) {
        return database.read(h -> h.createQuery("SELECT MAX(seq) FROM audit_events WHERE region = :region AND time_ns < :t")
                .bind("region", region).bind("t", timeNanos).mapTo(Long.class).findOne());
    }

    public Optional<String> hashAt(String region, long seq) {
        return database.read(h -> h.createQuery("SELECT hash FROM audit_events WHERE region = :region AND seq = :seq")
                .bind("region", region).bind("seq", seq).mapTo(String.class).findOne());
    }

    /**
     * Streams events {@code fromSeq..toSeq} (inclusive) in seq order to {@code consumer}, without holding them all in
     * memory (PostgreSQL needs a transaction for its cursor to fetch in pages).
     */
    public void forEach(String region, long fromSeq, long toSeq, Consumer<Iterator<ChainedEvent>> consumer) {
        database.jdbi().useTransaction(h -> {
            Query query = h.createQuery("SELECT " + EVENT_COLUMNS + " FROM audit_events WHERE region = :region "
                            + "AND seq >= :from AND seq <= :to ORDER BY seq")
                    .bind("region", region).bind("from", fromSeq).bind("to", toSeq).setFetchSize(10_000);
            try (var iterator = query.map((rs, ctx) -> event(rs)).iterator()) {
                consumer.accept(iterator);
            }
        });
    }

    public List<ChainedEvent> query(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS + " FROM audit_events WHERE seq > :after");
        if (q.region() != null) {
            sql.append(" AND region = :region");
        }
        if (q.principal() != null) {
            sql.append(" AND principal_id = :principal");
        }
        if (q.action() != null) {
            sql.append(" AND action = :action");
        }
        if (q.resource() != null) {
            sql.append(" AND resource = :resource");
        }
        if (q.result() != null) {
            sql.append(" AND result = :result");
        }
        if (q.fromNanos() != null) {
            sql.append(" AND time_ns >= :from");
        }
        if (q.toNanos() != null) {
            sql.append(" AND time_ns < :to");
        }
        sql.append(" ORDER BY seq LIMIT :limit");
        return database.read(h -> {
            Query query = h.createQuery(sql.toString()).bind("after", q.afterSeq()).bind("limit", q.limit());
            if (q.region() != null) {
                query.bind("region", q.region());
            }
            if (q.principal() != null) {
                query.bind("principal", q.principal());
            }
            if (q.action() != null) {
                query.bind("action", q.action());
            }
            if (q.resource() != null) {
                query.bind("resource", q.resource());
            }
            if (q.result() != null) {
                query.bind("result", q.result().name());
            }
            if (q.fromNanos() != null) {
                query.bind("from", q.fromNanos());
            }
            if (q.toNanos() != null) {
                query.bind("to", q.toNanos());
            }
            return query.map((rs, ctx) -> event(rs)).list();
        });
    }

    private static String json(AuditEvent e) {
        try {
            return JSON.writeValueAsString(e.details());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ChainedEvent event(ResultSet rs) throws SQLException {
        TreeMap<String, String> details;
        try {
            details = JSON.readValue(rs.getString("details"), DETAILS);
        } catch (JsonProcessingException e) {
            // A row whose details no longer parse was edited outside Warden; keep the raw text so the hash shows it.
            details = new TreeMap<>();
            details.put("$unparseable", rs.getString("details"));
        }
        String storedResult = rs.getString("result");
        AuditResult result = result(storedResult);
        if (result == null) {
            // Edited outside Warden to a value that is no result: keep the raw text in the hashed fields.
            result = AuditResult.ERROR;
            details.put("$result", String.valueOf(storedResult));
        }
        AuditEvent event = new AuditEvent(rs.getString("event_id"), rs.getLong("time_ns"), rs.getString("region"),
                rs.getString("node"), new AuditPrincipal(rs.getString("principal_type"), rs.getString("principal_id"),
                rs.getString("principal_credential")), rs.getString("source_ip"), rs.getString("action"),
                rs.getString("resource"), result, rs.getString("deciding_statement"),
                rs.getString("request_id"), details);
        return new ChainedEvent(rs.getLong("seq"), event, rs.getString("hash"));
    }

    private static AuditResult result(String stored) {
        try {
            return AuditResult.valueOf(stored);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static AuditDigest digest(ResultSet rs) throws SQLException {
        return new AuditDigest(rs.getString("region"), rs.getLong("digest_seq"), rs.getLong("from_seq"),
                rs.getLong("to_seq"), rs.getString("head_hash"), rs.getString("previous_digest_hash"),
                rs.getLong("created_at_ns"), rs.getString("key_id"), rs.getString("signature"));
    }

}
