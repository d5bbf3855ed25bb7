/**
 * Buckets: named containers for device files (firmware images, exports), each with its own KMS data key, an
 * optional resource policy and a retention, and the account's Block Public Access switch.
 *
 * <p>A capability that depends only on the cores (kms, storage, policy) and never on HTTP or the node. Its shape comes
 * from what it must never do: store an object's content in the clear (only AES-256-GCM ciphertext bound to region,
 * bucket and key, so a row moved elsewhere fails to decrypt), keep a deleted bucket's data readable (deletion
 * crypto-shreds its key, and a re-created name gets a fresh id and key), or hold a public grant while Block Public
 * Access is on. Every refusal is a {@link dev.warden.buckets.BucketException} with a
 * {@link dev.warden.buckets.BucketReason}; {@code warden-api} alone maps reasons to HTTP statuses. Migrations are in
 * {@code db/migration/buckets}.
 *
 * <p>Cross-region replication ({@link dev.warden.buckets.BucketReplication}) needs no part of {@code warden-region}:
 * the node passes a {@link dev.warden.buckets.ReplicationTargets} that says whether a destination is allowed and ships
 * a replica over its region link; the outbox that makes it durable is written with each object.
 */
package dev.warden.buckets;
