/**
 * What the checks look at, as read-only records: certificates (with what their keys are), the CA hierarchy and the
 * registered manufacturer CAs, policies and what they are attached to, users, credentials and when they were last
 * used, KMS keys, secrets, buckets, the audit trail's state, live sessions, the node's own facts and, in a member
 * region, how current its copy of the control region's IAM is.
 *
 * <p>{@link dev.warden.compliance.inventory.Inventory} reads each part on first use only, so an on-change run reads
 * only what its checks need. {@link dev.warden.compliance.inventory.InventoryReader} is the I/O: it reads the other
 * capabilities' tables through their DAOs and services and never writes them; what it keeps between runs (parsed
 * keys and policies, the trail cursor) is its own. The node hands it what only the node knows (live sessions, the
 * CA certificates, the trust the gateway uses, buckets, the node's facts, its IAM replica) as suppliers.
 */
package dev.warden.compliance.inventory;
