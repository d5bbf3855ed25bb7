/**
 * Monitoring's tables as records, and one DAO per table, each on a Jdbi handle the caller opened: profiles and their
 * versions, alarms, suppressions and learned baselines; {@code monitor_mitigations} (one row per mitigation, pending
 * until it is done or failed) and {@code monitor_notifications} (each webhook delivery's state, attempts and next
 * attempt, so that pending deliveries resume after a restart). Nothing here holds a secret: a delivery names its
 * signing secret by its name in the secrets manager.
 *
 * <p>DAOs never open transactions: {@code ProfileService}, {@code AlarmBook} and {@code MitigationService} compose
 * them in one {@code Database.inTransaction}, so that a version check and the write it guards, or an id and the row
 * that takes it, land together. Ids are taken as the highest stored id plus one inside that transaction (the same SQL
 * on SQLite and PostgreSQL; a serializable transaction that raced is retried by {@code Database}). Migrations are in
 * {@code db/migration/monitor}.
 */
package dev.warden.monitor.store;
