package dev.warden.kms.store;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** The SQLite-only statements that keep destroyed key material from lingering in the database file and its WAL. */
public final class SqlitePragmas {
    private SqlitePragmas() {}

    /** From here on this connection zeroes the bytes it deletes. */
    public static void secureDelete(Handle h) {
        h.execute("PRAGMA secure_delete = ON");
    }

    /** A truncating WAL checkpoint: old frames, which may hold pages from before a deletion, are dropped. */
    public static List<Map<String, Object>> checkpointTruncate(Handle h) {
        return h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list();
    }
}
