package dev.warden.compliance.store;

import dev.warden.compliance.core.CheckId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code compliance_suppressions}. Expired rows stay as history until deleted; they match nothing. */
public final class SuppressionDao {
    private static final String COLUMNS =
            "id, finding_id, check_id, resource, reason, owner, expires_at, baseline, created_at";

    private final Handle handle;

    public SuppressionDao(Handle handle) {
        this.handle = handle;
    }

    public long nextId() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM compliance_suppressions")
                .mapTo(Long.class)
                .one();
    }

    public void insert(SuppressionRule s) {
        insert(List.of(s));
    }

    public void insert(List<SuppressionRule> rules) {
        if (rules.isEmpty()) {
            return;
        }
        org.jdbi.v3.core.statement.PreparedBatch batch = handle.prepareBatch("INSERT INTO compliance_suppressions ("
                + COLUMNS + ") VALUES (:id, :finding, :check, :resource, :reason, :owner, :until, :baseline, :at)");
        for (SuppressionRule s : rules) {
            batch.bind("id", s.id())
                    .bind("finding", s.findingId().orElse(null))
                    .bind("check", s.check().map(CheckId::name).orElse(null))
                    .bind("resource", s.resource())
                    .bind("reason", s.reason())
                    .bind("owner", s.owner())
                    .bind("until", s.until().toEpochMilli())
                    .bind("baseline", s.baseline() ? 1 : 0)
                    .bind("at", s.createdAt().toEpochMilli())
                    .add();
        }
        batch.execute();
    }

    public Optional<SuppressionRule> find(long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM compliance_suppressions WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> rule(rs))
                .findOne();
    }

    /** Suppressions in force at {@code now}, oldest first (the oldest matching one is the one a finding names). */
    public List<SuppressionRule> unexpired(Instant now) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM compliance_suppressions WHERE expires_at > :now ORDER BY id")
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> rule(rs))
                .list();
    }

    public boolean delete(long id) {
        return handle.createUpdate("DELETE FROM compliance_suppressions WHERE id = :id")
                        .bind("id", id)
                        .execute()
                > 0;
    }

    static SuppressionRule rule(ResultSet rs) throws SQLException {
        long finding = rs.getLong("finding_id");
        Optional<Long> findingId = rs.wasNull() ? Optional.empty() : Optional.of(finding);
        return new SuppressionRule(
                rs.getLong("id"),
                findingId,
                Optional.ofNullable(rs.getString("check_id")).flatMap(CheckId::byName),
                rs.getString("resource"),
                rs.getString("reason"),
                rs.getString("owner"),
                Instant.ofEpochMilli(rs.getLong("expires_at")),
                rs.getInt("baseline") == 1,
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
