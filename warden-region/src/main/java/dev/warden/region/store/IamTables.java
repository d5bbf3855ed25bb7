package dev.warden.region.store;

import dev.warden.region.core.ReplicatedTable;
import dev.warden.region.core.RowChange;
import dev.warden.region.core.RowDiff;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * The IAM tables the control region replicates, read as snapshots and written as the change log says. What stays in
 * each region: a user's login counters and MFA seed (ciphertext under the region's own master key: a member cannot
 * open it, so a user with MFA logs in at the control region), refresh tokens, the bootstrap admin credential and its
 * attachments, the built-in policies (they name their region), regional policies and thing groups (scope
 * {@code regional}, issue 24) with every attachment of a regional policy, and policy attachments to things and to
 * regional thing groups (things are regional). A global thing group is replicated, with its attachments of global
 * policies; its members, things, are not. Each condition below selects the same rows on both sides: the control
 * region never sends a regional row, and a member never clears or deletes one of its own.
 */
public final class IamTables {
    /**
     * The policies a region keeps as its own: built-in ones (they name their region in their ARNs) and regional ones.
     * Conditions on children say "not one of these" rather than "one of the global ones", so that a child's delete
     * still matches after its parent's delete, earlier in the same change.
     */
    private static final String OWN_POLICIES = "SELECT name FROM policies WHERE built_in <> 0 OR scope = 'regional'";

    /** The replicated tables, parents before children. */
    public static final List<ReplicatedTable> ALL = List.of(
            new ReplicatedTable("policies", List.of("name"), Set.of(), "built_in = 0 AND scope = 'global'"),
            new ReplicatedTable(
                    "policy_versions",
                    List.of("policy_name", "version"),
                    Set.of(),
                    "policy_name NOT IN (" + OWN_POLICIES + ")"),
            new ReplicatedTable(
                    "users", List.of("name"), Set.of("mfa_secret", "mfa_last_step", "failed_logins", "locked_until")),
            new ReplicatedTable("user_groups", List.of("name"), Set.of()),
            new ReplicatedTable("group_members", List.of("group_name", "user_name"), Set.of()),
            new ReplicatedTable("roles", List.of("name"), Set.of()),
            new ReplicatedTable("service_accounts", List.of("name"), Set.of()),
            new ReplicatedTable("api_keys", List.of("id"), Set.of()),
            new ReplicatedTable("service_account_certificates", List.of("serial"), Set.of()),
            new ReplicatedTable("thing_groups", List.of("name"), Set.of(), "scope = 'global'"),
            // Attachments to a region's admin credentials, to its regional thing groups, and of its regional policies
            // are that region's.
            new ReplicatedTable(
                    "principal_policies",
                    List.of("principal_type", "principal_id", "policy_name"),
                    Set.of(),
                    "principal_type <> 'admin'"
                            + " AND policy_name NOT IN (SELECT name FROM policies WHERE scope = 'regional')"
                            + " AND (principal_type <> 'thinggroup'"
                            + " OR principal_id NOT IN (SELECT name FROM thing_groups WHERE scope = 'regional'))"));

    /**
     * Flags that replication may raise but never lower: a member region's own containment (an incident playbook that
     * disabled a user or service account, revoked an API key) must not be undone by the next change of that row in
     * the control region. Lifting it is a decision for the member region's operators, not a side effect.
     */
    private static final Set<String> STICKY = Set.of("users.disabled", "service_accounts.disabled", "api_keys.revoked");

    /** The values a regional column takes in a row that arrives by replication. */
    private static final Map<String, Object> REGIONAL_DEFAULTS =
            Map.of("mfa_last_step", 0L, "failed_logins", 0L, "locked_until", 0L);

    private IamTables() {}

    /** Every replicated row as it is now, regional columns left out. */
    public static Map<String, SortedMap<String, Map<String, Object>>> snapshot(Handle handle) {
        Map<String, SortedMap<String, Map<String, Object>>> snapshot = new TreeMap<>();
        for (ReplicatedTable table : ALL) {
            SortedMap<String, Map<String, Object>> rows = RowDiff.rows();
            for (Map<String, Object> raw : handle.createQuery("SELECT * FROM " + table.name() + where(table))
                    .mapToMap()
                    .list()) {
                Map<String, Object> row = new TreeMap<>();
                raw.forEach((column, value) -> {
                    String name = column.toLowerCase(java.util.Locale.ROOT);
                    if (!table.regionalColumns().contains(name)) {
                        row.put(name, normalize(value));
                    }
                });
                rows.put(RowDiff.keyOf(table, row), row);
            }
            snapshot.put(table.name(), rows);
        }
        return snapshot;
    }

    /**
     * Removes every replicated row, before a joining region applies the deployment's IAM from its first change: a
     * region's IAM becomes the deployment's, not a mix of both.
     */
    public static void clear(Handle handle) {
        for (int i = ALL.size() - 1; i >= 0; i--) {
            handle.execute("DELETE FROM " + ALL.get(i).name() + where(ALL.get(i)));
        }
    }

    /**
     * Writes {@code changes} (an insert, an update of the replicated columns only, or a delete per row). A delete
     * removes a replicated row only, never one of the region's own. Refuses the whole batch, writing nothing, when a
     * global row would take the name of one of the region's own regional policies or thing groups ({@link
     * ScopeConflicts}).
     */
    public static void apply(Handle handle, List<RowChange> changes) {
        ScopeConflicts.refuse(handle, changes);
        for (RowChange change : changes) {
            ReplicatedTable table = table(change.table());
            if (change.deleted()) {
                List<String> conditions = new ArrayList<>();
                change.key().keySet().forEach(column -> conditions.add(column + " = :" + column));
                if (!table.scope().isEmpty()) {
                    conditions.add("(" + table.scope() + ")");
                }
                Update delete = handle.createUpdate(
                        "DELETE FROM " + table.name() + " WHERE " + String.join(" AND ", conditions));
                bindAll(delete, change.key());
                delete.execute();
            } else {
                upsert(handle, table, change.row());
            }
        }
    }

    private static void upsert(Handle handle, ReplicatedTable table, Map<String, Object> replicated) {
        for (String column : replicated.keySet()) {
            if (table.regionalColumns().contains(column)) {
                throw new IllegalArgumentException("a regional column is never replicated: " + column);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>(replicated);
        for (String regional : table.regionalColumns()) {
            values.putIfAbsent(regional, REGIONAL_DEFAULTS.get(regional));
        }
        List<String> updates = new ArrayList<>();
        for (String column : replicated.keySet()) {
            if (STICKY.contains(table.name() + "." + column)) {
                // The larger of the two: a disable or revocation made here is never undone by a later change.
                updates.add(column + " = CASE WHEN " + table.name() + "." + column + " > EXCLUDED." + column + " THEN "
                        + table.name() + "." + column + " ELSE EXCLUDED." + column + " END");
            } else if (!table.keyColumns().contains(column)) {
                updates.add(column + " = EXCLUDED." + column);
            }
        }
        String sql = "INSERT INTO " + table.name() + " (" + String.join(", ", values.keySet()) + ") VALUES ("
                + String.join(", ", values.keySet().stream().map(c -> ":" + c).toList()) + ") ON CONFLICT ("
                + String.join(", ", table.keyColumns()) + ") DO "
                + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates));
        Update update = handle.createUpdate(sql);
        bindAll(update, values);
        update.execute();
    }

    private static void bindAll(Update update, Map<String, Object> values) {
        values.forEach((column, value) -> {
            if (!column.matches("[a-z_]+")) {
                throw new IllegalArgumentException("not a column name: " + column);
            }
            if (value == null) {
                update.bindNull(column, Types.OTHER);
            } else {
                update.bind(column, value);
            }
        });
    }

    private static ReplicatedTable table(String name) {
        return ALL.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a replicated table: " + name));
    }

    private static String where(ReplicatedTable table) {
        return table.scope().isEmpty() ? "" : " WHERE " + table.scope();
    }

    private static Object normalize(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof Boolean flag) {
            return flag ? 1L : 0L;
        }
        return value == null ? null : value.toString();
    }
}
