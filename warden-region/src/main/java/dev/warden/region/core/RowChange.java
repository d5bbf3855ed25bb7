package dev.warden.region.core;

import java.util.Map;
import java.util.Objects;

/**
 * One replicated row, as it now is in the control region: {@code row} holds every replicated column (values are
 * strings, longs or null), or is null when the row was deleted. {@code key} holds the primary-key columns.
 */
public record RowChange(String table, Map<String, Object> key, Map<String, Object> row) {
    public RowChange {
        Objects.requireNonNull(table, "table");
        key = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(key));
        row = row == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(row));
    }

    public boolean deleted() {
        return row == null;
    }
}
