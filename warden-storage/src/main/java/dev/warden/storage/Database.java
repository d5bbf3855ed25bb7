package dev.warden.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one data-access entry point: a pooled connection to SQLite (embedded default) or PostgreSQL,
 * migrated by Flyway with the same SQL for both.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);
    private final Jdbi jdbi;
    private final DatabaseLocation location;

    private Database(HikariDataSource dataSource, DatabaseLocation location) {
        this.dataSource = dataSource;
        this.location = location;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens and migrates the database.
     *
     * @param dbUrl   {@code null} or blank for SQLite under {@code dataDir}, else a
     *                {@code postgresql://user:password@host:port/db} URL
     * @param dataDir the node's data directory
     */
    /**
     * Where each context keeps its own migrations (one Flyway history per database, versions unique across them). A
     * location whose module is not on the classpath (a tool or test built from fewer modules) is skipped.
     */
    public static final String[] MIGRATION_LOCATIONS = {
        "classpath:db/migration/registry",
        "classpath:db/migration/audit",
        "classpath:db/migration/kms",
        "classpath:db/migration/iam",
        "classpath:db/migration/telemetry",
        "classpath:db/migration/buckets",
        "classpath:db/migration/monitor",
        "classpath:db/migration/compliance",
        "classpath:db/migration/incident",
        "classpath:db/migration/region",
        "classpath:db/migration/firmware",
        "classpath:db/migration/jobs"
    };

    public static Database open(String dbUrl, Path dataDir) {
        DatabaseLocation location = DatabaseLocation.parse(dbUrl, dataDir);
        HikariConfig config = new HikariConfig();
        config.setPoolName("warden-db");
        config.setJdbcUrl(location.jdbcUrl());
        if (location.user() != null) {
            config.setUsername(location.user());
        }
        if (location.password() != null) {
            config.setPassword(location.password());
        }
        if (location.kind() == DatabaseLocation.Kind.SQLITE) {
            createDirectories(dataDir);
            // WAL lets readers run while one writer commits; busy_timeout queues writers instead of failing.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.setConnectionInitSql("PRAGMA busy_timeout = 10000");
            config.setMaximumPoolSize(4);
        } else {
            config.setMaximumPoolSize(16);
            // One multi-row INSERT per batch instead of one round trip per row (audit group commit, bulk writes).
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            // The driver's message may echo the URL; report only the redacted location.
            throw new StorageException(
                    StorageReason.UNAVAILABLE, "cannot connect to " + location.redacted() + ": " + rootMessage(e));
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATION_LOCATIONS)
                    .mixed(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StorageException(
                    StorageReason.UNAVAILABLE, "cannot migrate " + location.redacted() + ": " + rootMessage(e));
        }
        LOG.info("storage ready: {}", location.redacted());
        return new Database(dataSource, location);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new StorageException(StorageReason.UNAVAILABLE, "cannot create data directory " + dir);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = Objects.requireNonNullElse(t.getMessage(), t.getClass().getSimpleName());
        return message.replaceAll("(?i)password=[^&\\s]*", "password=***");
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DatabaseLocation location() {
        return location;
    }

    /** Runs {@code callback} in one serializable transaction: all of its writes land, or none. */
    public <R> R inTransaction(Work<R> callback) {
        if (location.kind() == DatabaseLocation.Kind.SQLITE) {
            // SQLite has one writer at a time. Writers of this process queue on a fair Java lock: a writer that
            // finds the database locked otherwise sleeps in SQLite's busy handler (1 ms, then longer) however soon
            // the lock frees. busy_timeout still covers other processes (the CLI next to a running node).
            sqliteWriter.lock();
            try {
                // SQLite transactions are serializable already; BEGIN IMMEDIATE avoids upgrade deadlocks.
                return explicitTransaction("BEGIN IMMEDIATE", callback);
            } finally {
                sqliteWriter.unlock();
            }
        }
        // Serializable transactions may be refused under concurrency (SQLSTATE 40001/40P01); the work is pure until
        // commit, so it is retried a few times before the failure is reported.
        for (int attempt = 1; ; attempt++) {
            try {
                // BEGIN with the level, instead of setting the connection's level and restoring it afterwards: that
                // costs the driver extra round trips to the server per transaction.
                return explicitTransaction("BEGIN ISOLATION LEVEL SERIALIZABLE", callback);
            } catch (RuntimeException e) {
                if (attempt >= MAX_SERIALIZATION_RETRIES || !SqlErrors.isSerializationFailure(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5 * attempt + 2));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private <R> R explicitTransaction(String begin, Work<R> callback) {
        return jdbi.withHandle(handle -> {
            handle.execute(begin);
            try {
                R result = callback.run(handle);
                handle.execute("COMMIT");
                return result;
            } catch (RuntimeException | Error e) {
                // After a failed COMMIT PostgreSQL has ended the transaction already; ROLLBACK then only warns.
                try {
                    handle.execute("ROLLBACK");
                } catch (RuntimeException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        });
    }

    private static final int MAX_SERIALIZATION_RETRIES = 8;

    /** Runs a read-only callback. */
    public <R> R read(Work<R> callback) {
        return jdbi.withHandle(callback::run);
    }

    /** Convenience for a callback without a result. */
    public void useTransaction(java.util.function.Consumer<Handle> work) {
        inTransaction(handle -> {
            work.accept(handle);
            return null;
        });
    }

    /** Work done on one handle. */
    @FunctionalInterface
    public interface Work<R> {
        R run(Handle handle);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
