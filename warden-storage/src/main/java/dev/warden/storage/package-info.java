/**
 * The one way to the database: SQLite (the embedded default) or PostgreSQL behind a Hikari pool and Jdbi, migrated
 * by Flyway with the same SQL for both, plus the few conventions every table shares (epoch-millisecond times,
 * time-ordered ids, JSON columns of strings only) and the files that hold secrets (mode 0600 from the first byte).
 *
 * <p>A core that knows no capability and depends on no other Warden module: each capability brings its own DAOs and
 * its migrations under {@code db/migration/<capability>}, and {@link dev.warden.storage.Database#MIGRATION_LOCATIONS}
 * lists those locations (versions are unique across them, in one Flyway history). Writes go through
 * {@link dev.warden.storage.Database#inTransaction}: serializable, retried on PostgreSQL serialization failures,
 * and queued on a fair lock for SQLite's single writer. A storage failure is a
 * {@link dev.warden.storage.StorageException} with a stable {@link dev.warden.storage.StorageReason}; neither it
 * nor {@link dev.warden.storage.DatabaseLocation#toString()} ever shows a password.
 */
package dev.warden.storage;
