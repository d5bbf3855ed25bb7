package dev.warden.audit.store;

import dev.warden.audit.AuditQuery;
import dev.warden.audit.ChainedEvent;
import dev.warden.storage.Database;
import java.util.List;
import org.jdbi.v3.core.statement.Query;

/** The audit trail's search: filters become bound parameters of one SELECT, never text in it. */
final class AuditQueries {
    private AuditQueries() {}

    /** The matching events after {@code q.afterSeq()}, oldest first, or the newest ones first when asked. */
    static List<ChainedEvent> run(Database database, AuditQuery q, boolean newestFirst) {
        StringBuilder sql =
                new StringBuilder("SELECT " + AuditStore.EVENT_COLUMNS + " FROM audit_events WHERE seq > :after");
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
        sql.append(newestFirst ? " ORDER BY seq DESC LIMIT :limit" : " ORDER BY seq LIMIT :limit");
        return database.read(h -> {
            Query query =
                    h.createQuery(sql.toString()).bind("after", q.afterSeq()).bind("limit", q.limit());
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
            return query.map((rs, ctx) -> AuditRows.event(rs)).list();
        });
    }
}
