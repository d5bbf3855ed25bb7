package dev.warden.region.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The changes between two snapshots of the replicated tables: rows added or altered (with their whole replicated
 * content) and rows deleted, in table order then key order, so that one state always gives one change list.
 * A snapshot maps a table name to its rows by {@link #keyOf canonical key}.
 */
public final class RowDiff {
    private RowDiff() {}

    /** A table's rows, by canonical key. */
    public static SortedMap<String, Map<String, Object>> rows() {
        return new TreeMap<>();
    }

    /** The canonical key of a row: its key columns' values in order, unit-separated. */
    public static String keyOf(ReplicatedTable table, Map<String, Object> row) {
        StringBuilder key = new StringBuilder();
        for (String column : table.keyColumns()) {
            if (key.length() > 0) {
                key.append('\u001f');
            }
            key.append(row.get(column));
        }
        return key.toString();
    }

    /** What turns {@code before} into {@code after}, for the given tables. */
    public static List<RowChange> between(
            List<ReplicatedTable> tables,
            Map<String, SortedMap<String, Map<String, Object>>> before,
            Map<String, SortedMap<String, Map<String, Object>>> after) {
        List<RowChange> changes = new ArrayList<>();
        for (ReplicatedTable table : tables) {
            SortedMap<String, Map<String, Object>> old = before.getOrDefault(table.name(), rows());
            SortedMap<String, Map<String, Object>> now = after.getOrDefault(table.name(), rows());
            TreeMap<String, Boolean> keys = new TreeMap<>();
            old.keySet().forEach(k -> keys.put(k, true));
            now.keySet().forEach(k -> keys.put(k, true));
            for (String key : keys.keySet()) {
                Map<String, Object> was = old.get(key);
                Map<String, Object> is = now.get(key);
                if (Objects.equals(was, is)) {
                    continue;
                }
                Map<String, Object> keyColumns = new TreeMap<>();
                Map<String, Object> source = is != null ? is : was;
                for (String column : table.keyColumns()) {
                    keyColumns.put(column, source.get(column));
                }
                changes.add(new RowChange(table.name(), keyColumns, is));
            }
        }
        return changes;
    }

    /** {@code snapshot} with {@code changes} applied, as a member applies them. */
    public static Map<String, SortedMap<String, Map<String, Object>>> apply(
            List<ReplicatedTable> tables,
            Map<String, SortedMap<String, Map<String, Object>>> snapshot,
            List<RowChange> changes) {
        Map<String, SortedMap<String, Map<String, Object>>> result = new TreeMap<>();
        snapshot.forEach((name, rows) -> result.put(name, new TreeMap<>(rows)));
        for (RowChange change : changes) {
            ReplicatedTable table = tables.stream()
                    .filter(t -> t.name().equals(change.table()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not a replicated table: " + change.table()));
            SortedMap<String, Map<String, Object>> rows = result.computeIfAbsent(table.name(), n -> rows());
            String key = keyOf(table, change.key());
            if (change.deleted()) {
                rows.remove(key);
            } else {
                rows.put(key, change.row());
            }
        }
        return result;
    }
}
