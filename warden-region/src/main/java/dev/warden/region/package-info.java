/**
 * Regions: several Warden nodes, one per region, joined into one deployment. One region is the control region (the
 * source of truth for IAM and for the membership); the others join it with a one-time token. Regions talk only over
 * region links: mutual TLS on a port of their own, each side presenting a node certificate whose URI names its region
 * ({@code arn:warden:region::<account>:node/<region>/<node>}), each call authorized by that identity for a fixed set
 * of link operations. IAM (users, groups, roles, policies, service accounts, their attachments and revocations) is
 * replicated from the control region to every member as a totally ordered change log, each entry hash-linked to the
 * one before and signed by the control region's IAM signing key; a member verifies both before applying, decides
 * every request locally from its replica, and reports how stale it is when the control region is out of reach.
 *
 * <p>Every refusal is a {@link dev.warden.region.RegionException} with a {@link dev.warden.region.RegionReason};
 * {@code warden-api} alone maps reasons to HTTP statuses. Migrations are in {@code db/migration/region}.
 */
package dev.warden.region;
