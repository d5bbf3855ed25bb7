/**
 * Security profiles as the node stores them: {@link dev.warden.monitor.profiles.ProfileService} creates, updates
 * (optimistically, against the version the caller read), attaches, detaches and deletes them, each change a new
 * version written in one transaction, and hands the active set to the detection engine after each change.
 *
 * <p>Built-in profiles are seeded at first start and can be updated or detached, never deleted. What this package
 * must never do: install a profile that was not committed, or let a change land without its version row.
 */
package dev.warden.monitor.profiles;
