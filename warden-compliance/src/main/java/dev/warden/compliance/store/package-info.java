/**
 * Compliance's own tables as records, one DAO per table, each on a Jdbi handle the caller opened: findings
 * ({@link dev.warden.compliance.store.FindingDao}), suppressions, the history of runs, and what the checks keep from
 * the audit trail between runs (last use of each credential, recent session take-overs, the cursors of the trail
 * scan and of the chain verification).
 *
 * <p>DAOs never open transactions: the engine diffs a run's findings against the stored ones and writes the result
 * in one {@code Database.inTransaction}, and the service does the same for a suppression and the findings it sets
 * aside. Ids are the highest stored id plus one inside that transaction (a serializable PostgreSQL transaction that
 * raced is retried by {@code Database}). Nothing here writes another capability's tables. Migrations are in
 * {@code db/migration/compliance}.
 */
package dev.warden.compliance.store;
