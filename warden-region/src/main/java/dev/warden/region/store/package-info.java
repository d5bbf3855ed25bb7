/**
 * Where regions keep their state (migration V29): this node's role in its deployment and how far it has applied the
 * IAM change log, the deployment's members with their link URLs and pinned root certificates, the control region's
 * join tokens (as hashes) and the change log itself; and the generic reader and writer of the replicated IAM tables,
 * which select global rows only: a region's regional policies and thing groups (V42) are never sent, cleared, deleted
 * or overwritten by replication ({@code ScopeConflicts} refuses a global row named like a regional one).
 */
package dev.warden.region.store;
