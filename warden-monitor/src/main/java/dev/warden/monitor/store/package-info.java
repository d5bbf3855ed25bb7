/**
 * The monitor's tables, one DAO each on a caller's Jdbi handle (the caller owns the transaction):
 * {@code monitor_mitigations} (one row per mitigation, pending until it is done or failed) and
 * {@code monitor_notifications} (each webhook delivery's state, attempts and next attempt, so that pending deliveries
 * resume after a restart). Nothing here holds a secret: a delivery names its signing secret by its name in the
 * secrets manager. Migrations are in {@code db/migration/monitor}.
 */
package dev.warden.monitor.store;
