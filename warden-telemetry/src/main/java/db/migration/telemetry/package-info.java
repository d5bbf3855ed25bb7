/**
 * Flyway Java migrations of the telemetry tables, for the changes plain SQL cannot make on both SQLite and PostgreSQL
 * (SQLite has no Base64 function, for one).
 *
 * <p>The package name is Flyway's: it scans {@code classpath:db/migration/telemetry} (listed in
 * {@code Database.MIGRATION_LOCATIONS}) and loads only classes that implement its {@code JavaMigration}, so this file
 * is no migration. Each migration runs in Flyway's one transaction on both databases and must leave the data either
 * wholly converted or untouched; versions share one history with the SQL migrations of every module.
 */
package db.migration.telemetry;
