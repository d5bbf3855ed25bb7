/**
 * Failover within a jurisdiction (issue 24). A region's standby (named in the membership) keeps a replica of its
 * device certificates' status and device policies while it is up ({@link dev.warden.region.failover.StandbyReplica}).
 * An operator declares the failover in the standby ({@link dev.warden.region.failover.Failover}); from then on the
 * standby's gateway serves the failed region's devices with their own certificates, decided from the replica
 * ({@link dev.warden.region.failover.GuestRegistry}), and keeps their data apart. Failback sends them home and hands
 * their data back over the link ({@link dev.warden.region.failover.HandbackReceiver} on the home side). Each step is
 * audited where it happens.
 */
package dev.warden.region.failover;
