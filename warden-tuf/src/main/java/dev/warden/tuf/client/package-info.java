/**
 * The TUF client workflow (specification 1.0, section 5) that Warden's device SDK will verify firmware updates with:
 * a trusted root that follows the chain of newer roots, then timestamp, snapshot, targets and delegated targets, each
 * checked for signatures by a threshold of distinct authorized keys, for rollback against what is already trusted,
 * for the version its referrer names, for its length and hashes, and for expiry, and finally the target's own length
 * and hashes.
 *
 * <p>No I/O and no clock: metadata comes through {@link dev.warden.tuf.client.MetadataSource}, targets through
 * {@link dev.warden.tuf.client.TargetSource}, trusted files are kept by a {@link dev.warden.tuf.client.TrustedStore},
 * and the update's start time is a parameter of {@link dev.warden.tuf.client.TufClient#refresh}. Everything a source
 * returns is hostile until checked; what the store returns is verified again under the current root. Every check
 * fails closed with a {@link dev.warden.tuf.TufException}; nothing is stored before it has passed its checks, and a
 * failed update leaves the store as the last successful step left it. Sizes are bounded by
 * {@link dev.warden.tuf.client.TufLimits}. Anti-rollback of firmware versions (as opposed to metadata versions) is
 * the SDK's to add on top, from a target's {@code custom} data.
 */
package dev.warden.tuf.client;
