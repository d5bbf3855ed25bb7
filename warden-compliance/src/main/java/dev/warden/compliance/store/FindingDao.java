package dev.warden.compliance.store;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads and writes {@code compliance_findings}. A row is written when a run first sees a finding; later runs touch
 * its last-seen time, refresh what may change (severity, detail, fix, suppression) and finally resolve it. Statuses
 * are stored lower-case ({@code open}, {@code suppressed}, {@code resolved}).
 */
public final class FindingDao {
    private static final String COLUMNS = "f.id, f.check_id, f.resource, f.severity, f.reason, f.detail, f.remediation,"
            + " f.fix, f.status, f.suppression_id, f.first_seen, f.last_seen, f.resolved_at,"
            + " s.reason AS s_reason, s.owner AS s_owner, s.expires_at AS s_until, s.baseline AS s_baseline";
    private static final String FROM =
            " FROM compliance_findings f LEFT JOIN compliance_suppressions s ON s.id = f.suppression_id";
    private static final String ACTIVE = "f.status IN ('open', 'suppressed')";
    private static final String SEVERITY_ORDER =
            "CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

    private final Handle handle;

    public FindingDao(Handle handle) {
        this.handle = handle;
    }

    public long nextId() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM compliance_findings")
                .mapTo(Long.class)
                .one();
    }

    /** A new row of what a run found. */
    public record NewRow(long id, Finding finding, FindingStatus status, Optional<Long> suppressionId, Instant at) {}

    public void insert(List<NewRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO compliance_findings (id, check_id, resource, severity,"
                + " reason, detail, remediation, fix, status, suppression_id, first_seen, last_seen, resolved_at)"
                + " VALUES (:id, :check, :resource, :severity, :reason, :detail, :remediation, :fix, :status,"
                + " :suppression, :at, :at, NULL)");
        for (NewRow r : rows) {
            Finding f = r.finding();
            batch.bind("id", r.id())
                    .bind("check", f.check().name())
                    .bind("resource", f.resourceArn())
                    .bind("severity", f.severity().id())
                    .bind("reason", f.reasonCode())
                    .bind("detail", f.detail())
                    .bind("remediation", f.remediation())
                    .bind("fix", FixJson.write(f.fix()))
                    .bind("status", status(r.status()))
                    .bind("suppression", r.suppressionId().orElse(null))
                    .bind("at", r.at().toEpochMilli())
                    .add();
        }
        batch.execute();
    }

    /** A row whose content or suppression changed since it was written. */
    public record Refresh(long id, Finding finding, FindingStatus status, Optional<Long> suppressionId) {}

    public void refresh(List<Refresh> rows) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("UPDATE compliance_findings SET severity = :severity,"
                + " reason = :reason, detail = :detail, remediation = :remediation, fix = :fix, status = :status,"
                + " suppression_id = :suppression WHERE id = :id");
        for (Refresh r : rows) {
            Finding f = r.finding();
            batch.bind("id", r.id())
                    .bind("severity", f.severity().id())
                    .bind("reason", f.reasonCode())
                    .bind("detail", f.detail())
                    .bind("remediation", f.remediation())
                    .bind("fix", FixJson.write(f.fix()))
                    .bind("status", status(r.status()))
                    .bind("suppression", r.suppressionId().orElse(null))
                    .add();
        }
        batch.execute();
    }

    /** Marks every active finding of these checks as seen at {@code now}. */
    public void touch(Collection<CheckId> checks, Instant now) {
        if (checks.isEmpty()) {
            return;
        }
        handle.createUpdate("UPDATE compliance_findings SET last_seen = :now WHERE status IN ('open', 'suppressed')"
                        + " AND check_id IN (<checks>)")
                .bind("now", now.toEpochMilli())
                .bindList("checks", names(checks))
                .execute();
    }

    public void resolve(Collection<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("UPDATE compliance_findings SET status = 'resolved',"
                + " resolved_at = :now, last_seen = :now WHERE id = :id");
        for (long id : ids) {
            batch.bind("id", id).bind("now", now.toEpochMilli()).add();
        }
        batch.execute();
    }

    /** The active (open or suppressed) findings of these checks. */
    public List<StoredFinding> active(Collection<CheckId> checks) {
        if (checks.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("SELECT " + COLUMNS + FROM + " WHERE " + ACTIVE + " AND f.check_id IN (<checks>)")
                .bindList("checks", names(checks))
                .map((rs, ctx) -> finding(rs))
                .list();
    }

    /** Every open finding (not suppressed), oldest first: what a baseline accepts. */
    public List<StoredFinding> open() {
        return handle.createQuery("SELECT " + COLUMNS + FROM + " WHERE f.status = 'open' ORDER BY f.id")
                .map((rs, ctx) -> finding(rs))
                .list();
    }

    /** Suppressed findings whose suppression is gone or expired at {@code now}. */
    public List<StoredFinding> lapsedSuppressions(Instant now) {
        return handle.createQuery("SELECT " + COLUMNS + FROM + " WHERE f.status = 'suppressed'"
                        + " AND (s.id IS NULL OR s.expires_at <= :now)")
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> finding(rs))
                .list();
    }

    /** Sets active findings aside: finding id to the id of the suppression that does. */
    public void suppress(Map<Long, Long> suppressionByFinding) {
        if (suppressionByFinding.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("UPDATE compliance_findings SET status = 'suppressed',"
                + " suppression_id = :suppression WHERE id = :id AND status IN ('open', 'suppressed')");
        suppressionByFinding.forEach((id, suppression) ->
                batch.bind("id", id).bind("suppression", suppression).add());
        batch.execute();
    }

    /** Opens the active findings a deleted or expired suppression set aside; returns them as they were. */
    public List<StoredFinding> release(long suppressionId) {
        List<StoredFinding> released = handle.createQuery(
                        "SELECT " + COLUMNS + FROM + " WHERE f.status = 'suppressed' AND f.suppression_id = :id")
                .bind("id", suppressionId)
                .map((rs, ctx) -> finding(rs))
                .list();
        handle.createUpdate("UPDATE compliance_findings SET status = 'open', suppression_id = NULL"
                        + " WHERE status = 'suppressed' AND suppression_id = :id")
                .bind("id", suppressionId)
                .execute();
        return released;
    }

    public Optional<StoredFinding> find(long id) {
        return handle.createQuery("SELECT " + COLUMNS + FROM + " WHERE f.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> finding(rs))
                .findOne();
    }

    /** Findings as the filter asks, most severe first, then oldest first. */
    public List<StoredFinding> list(FindingFilter filter) {
        List<String> where = new ArrayList<>();
        where.add("f.status IN (<statuses>)");
        filter.severity().ifPresent(s -> where.add("f.severity = :severity"));
        filter.checks().ifPresent(c -> where.add(c.isEmpty() ? "1 = 0" : "f.check_id IN (<checks>)"));
        Query q = handle.createQuery("SELECT " + COLUMNS + FROM + " WHERE " + String.join(" AND ", where) + " ORDER BY "
                        + SEVERITY_ORDER + ", f.id LIMIT :limit")
                .bindList(
                        "statuses",
                        filter.statuses().stream().map(FindingDao::status).toList())
                .bind("limit", filter.limit());
        filter.severity().ifPresent(s -> q.bind("severity", s.id()));
        filter.checks().filter(c -> !c.isEmpty()).ifPresent(c -> q.bindList("checks", names(c)));
        return q.map((rs, ctx) -> finding(rs)).list();
    }

    /** How many findings are open (not suppressed), by severity; every severity is present. */
    public Map<Severity, Integer> openBySeverity() {
        Map<Severity, Integer> out = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            out.put(s, 0);
        }
        handle.createQuery("SELECT severity, COUNT(*) AS n FROM compliance_findings WHERE status = 'open'"
                        + " GROUP BY severity")
                .map((rs, ctx) -> Map.entry(rs.getString("severity"), rs.getInt("n")))
                .forEach(e -> Severity.byId(e.getKey()).ifPresent(s -> out.put(s, e.getValue())));
        return out;
    }

    private static List<String> names(Collection<CheckId> checks) {
        return checks.stream().map(CheckId::name).collect(Collectors.toList());
    }

    static String status(FindingStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static StoredFinding finding(ResultSet rs) throws SQLException {
        CheckId check = CheckId.byName(rs.getString("check_id"))
                .orElseThrow(() -> new SQLException("unknown check in compliance_findings"));
        Finding finding = new Finding(
                check,
                rs.getString("resource"),
                Severity.byId(rs.getString("severity")).orElse(check.severity()),
                rs.getString("reason"),
                rs.getString("detail"),
                rs.getString("remediation"),
                FixJson.read(rs.getString("fix")));
        long resolved = rs.getLong("resolved_at");
        Optional<Instant> resolvedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(resolved));
        return new StoredFinding(
                rs.getLong("id"),
                finding,
                FindingStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                Instant.ofEpochMilli(rs.getLong("first_seen")),
                Instant.ofEpochMilli(rs.getLong("last_seen")),
                resolvedAt,
                suppression(rs));
    }

    private static Optional<StoredFinding.Suppression> suppression(ResultSet rs) throws SQLException {
        long id = rs.getLong("suppression_id");
        if (rs.wasNull() || rs.getString("s_reason") == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredFinding.Suppression(
                id,
                rs.getString("s_reason"),
                rs.getString("s_owner"),
                Instant.ofEpochMilli(rs.getLong("s_until")),
                rs.getInt("s_baseline") == 1));
    }
}
