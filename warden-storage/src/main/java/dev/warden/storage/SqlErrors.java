package dev.warden.storage;

import java.sql.SQLException;
import java.util.function.Predicate;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Recognises the database errors the storage layer answers to, on SQLite and on PostgreSQL, anywhere in a cause chain. */
public final class SqlErrors {
    private static final String POSTGRES_UNIQUE_VIOLATION = "23505";
    private static final String POSTGRES_SERIALIZATION_FAILURE = "40001";
    private static final String POSTGRES_DEADLOCK = "40P01";

    private SqlErrors() {}

    /** A write refused by a primary-key or unique constraint. */
    public static boolean isUniqueViolation(Throwable e) {
        return anyCause(
                e,
                t -> t instanceof SQLiteException sqlite
                                && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                                        || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)
                        || t instanceof SQLException sql && POSTGRES_UNIQUE_VIOLATION.equals(sql.getSQLState()));
    }

    /** A PostgreSQL transaction refused under concurrency (serialization failure or deadlock): worth a retry. */
    public static boolean isSerializationFailure(Throwable e) {
        return anyCause(
                e,
                t -> t instanceof SQLException sql
                        && (POSTGRES_SERIALIZATION_FAILURE.equals(sql.getSQLState())
                                || POSTGRES_DEADLOCK.equals(sql.getSQLState())));
    }

    private static boolean anyCause(Throwable e, Predicate<Throwable> test) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }
}
