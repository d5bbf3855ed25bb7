/**
 * Where regions keep their state (migration V29): this node's role in its deployment and how far it has applied the
 * IAM change log, the deployment's members with their link URLs and pinned root certificates, the control region's
 * join tokens (as hashes) and the change log itself; and the generic reader and writer of the replicated IAM tables.
 */
package dev.warden.region.store;
