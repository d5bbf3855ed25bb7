package dev.warden.region.core;

import java.util.List;
import java.util.Set;

/**
 * A table whose rows the control region replicates: its primary-key columns, the columns that stay in each region
 * (counters of a region's own logins, ciphertext under a region's own master key), which are neither sent nor
 * overwritten, and the SQL condition that selects the replicated rows (empty: all of them), the others being each
 * region's own.
 */
public record ReplicatedTable(String name, List<String> keyColumns, Set<String> regionalColumns, String scope) {
    public ReplicatedTable(String name, List<String> keyColumns, Set<String> regionalColumns) {
        this(name, keyColumns, regionalColumns, "");
    }

    public ReplicatedTable {
        keyColumns = List.copyOf(keyColumns);
        regionalColumns = Set.copyOf(regionalColumns);
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("a replicated table needs a primary key: " + name);
        }
    }
}
