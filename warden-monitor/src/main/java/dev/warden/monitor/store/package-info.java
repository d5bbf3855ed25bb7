/**
 * Monitoring's tables as records, and one DAO per table, each on a Jdbi handle the caller opened: profiles and their
 * versions, alarms, suppressions and learned baselines.
 *
 * <p>DAOs never open transactions: {@code ProfileService} and {@code AlarmBook} compose them in one
 * {@code Database.inTransaction}, so that a version check and the write it guards, or an id and the row that takes
 * it, land together. Ids are taken as the highest stored id plus one inside that transaction (the same SQL on SQLite
 * and PostgreSQL; a serializable transaction that raced is retried by {@code Database}). Migrations are in
 * {@code db/migration/monitor}.
 */
package dev.warden.monitor.store;
