/**
 * The node's side of the KMS master key: finding its passphrase (file, environment, or the one generated at first
 * start), creating or opening the region's master key file, and rotating it on a stopped node.
 *
 * <p>The master key is the root of everything the node keeps encrypted (key-encryption keys, sealed private keys), so
 * each step is crash-safe: rotation re-wraps every keyset in one transaction, re-seals the key files beside the old
 * ones, and only then replaces the master key file atomically, so that after a crash one key still opens everything.
 * The passphrase is never logged or put in a message. Rotation is recorded in the audit trail.
 */
package dev.warden.node.kms;
