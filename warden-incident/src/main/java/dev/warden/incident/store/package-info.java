/**
 * The incident tables ({@code db/migration/incident}), each read and written by its DAO inside the caller's
 * transaction. Ids are the highest stored id plus one inside that transaction, as in Warden's other stores. The
 * timeline is not stored here: it is read back from the audit trail.
 */
package dev.warden.incident.store;
